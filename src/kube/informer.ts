/**
 * A live, local copy of a set of objects: list once, then watch from that point. A dropped
 * connection resumes from the last version seen; when the server has forgotten it (410 Gone), the
 * list is taken again and differences are reported as events, so no change is missed or repeated.
 */
import type { Kube, LiveObject } from './client.js';
import { KubeApiError } from './transport.js';
import { sleep } from '../system/sleep.js';
import { InterruptedError } from '../errors/index.js';

export type ChangeType = 'added' | 'modified' | 'deleted';
export type Listener<T> = (type: ChangeType, object: T) => void;
/** A watch failure: `final` when the informer gave up (it stopped), otherwise it is retrying. */
export type ErrorListener = (error: Error, final: boolean) => void;

export interface InformerOptions {
  namespace?: string | undefined;
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
}

const key = (o: LiveObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

export class Informer<T extends LiveObject = LiveObject> {
  private readonly objects = new Map<string, T>();
  private readonly listeners = new Set<Listener<T>>();
  private readonly errorListeners = new Set<ErrorListener>();
  private readonly controller = new AbortController();
  private resourceVersion = '';
  private synced!: Promise<void>;
  private failure: Error | undefined;

  constructor(
    private readonly kube: Kube,
    readonly apiVersion: string,
    readonly kind: string,
    private readonly options: InformerOptions = {},
  ) {}

  /** Starts listing and watching; resolves once the first list is in. */
  start(signal?: AbortSignal): Promise<void> {
    signal?.addEventListener('abort', () => this.stop(), { once: true });
    this.synced = this.relist();
    void this.synced.then(() => this.loop()).catch((error: unknown) => {
      if (this.controller.signal.aborted) return;
      this.failure = error as Error;
      this.reportError(this.failure, true);
    });
    return this.synced;
  }

  stop(): void {
    this.controller.abort();
  }

  /** The error that stopped the watch, if any (e.g. the kind does not exist). */
  get error(): Error | undefined {
    return this.failure;
  }

  list(): T[] {
    return [...this.objects.values()];
  }

  get(namespace: string | undefined, name: string): T | undefined {
    return this.objects.get(`${namespace ?? ''}/${name}`);
  }

  onChange(listener: Listener<T>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Watch failures as they happen; a final one (e.g. the kind does not exist, access denied) stops the informer. */
  onError(listener: ErrorListener): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  private reportError(error: Error, final: boolean): void {
    for (const listener of this.errorListeners) listener(error, final);
  }

  private emit(type: ChangeType, object: T): void {
    for (const listener of this.listeners) listener(type, object);
  }

  private async relist(): Promise<void> {
    const { items, resourceVersion } = await this.kube.list<T>(this.apiVersion, this.kind, { ...this.options, signal: this.controller.signal });
    const seen = new Set<string>();
    for (const item of items) {
      const k = key(item);
      seen.add(k);
      const before = this.objects.get(k);
      this.objects.set(k, item);
      if (before === undefined) this.emit('added', item);
      else if (before.metadata.resourceVersion !== item.metadata.resourceVersion) this.emit('modified', item);
    }
    for (const [k, object] of this.objects) {
      if (!seen.has(k)) {
        this.objects.delete(k);
        this.emit('deleted', object);
      }
    }
    this.resourceVersion = resourceVersion;
  }

  private async loop(): Promise<void> {
    const signal = this.controller.signal;
    let failures = 0;
    const pause = () => sleep(Math.min(200 * 2 ** failures, 5000), signal).catch(() => undefined);
    while (!signal.aborted) {
      try {
        await this.watchOnce();
        failures = 0;
      } catch (error) {
        if (signal.aborted || error instanceof InterruptedError) return;
        if (error instanceof KubeApiError && [401, 403, 404].includes(error.status)) throw error;
        // 410 Gone: the server no longer has the version the watch would resume from.
        const gone = error instanceof KubeApiError && error.status === 410;
        this.reportError(error as Error, false);
        if (!gone) {
          failures++;
          await pause();
        }
        // List again, so that whatever changed while the watch was away is reported as events.
        if (gone || failures > 1) {
          try {
            await this.relist();
          } catch (relistError) {
            if (signal.aborted) return;
            this.reportError(relistError as Error, false);
            failures++;
            await pause();
          }
        }
      }
    }
  }

  private async watchOnce(): Promise<void> {
    const path = await this.kube.path(this.apiVersion, this.kind, this.options.namespace);
    let buffer = '';
    await this.kube.transport.stream(
      path,
      {
        watch: true,
        resourceVersion: this.resourceVersion,
        allowWatchBookmarks: true,
        labelSelector: this.options.labelSelector,
        fieldSelector: this.options.fieldSelector,
        timeoutSeconds: 300,
      },
      (text) => {
        buffer += text;
        let newline: number;
        while ((newline = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + 1);
          if (line.trim() !== '') this.handle(JSON.parse(line) as { type: string; object: T & { code?: number; message?: string } });
        }
      },
      this.controller.signal,
    );
  }

  private handle(event: { type: string; object: T & { code?: number; message?: string; reason?: string } }): void {
    const object = event.object;
    if (event.type === 'ERROR') throw new KubeApiError(object.code ?? 500, object.reason ?? 'Error', object.message ?? 'watch error', this.kind);
    if (object.metadata?.resourceVersion) this.resourceVersion = object.metadata.resourceVersion;
    if (event.type === 'BOOKMARK') return;
    const typed = { ...object, apiVersion: this.apiVersion, kind: this.kind } as T;
    const k = key(typed);
    if (event.type === 'DELETED') {
      this.objects.delete(k);
      this.emit('deleted', typed);
      return;
    }
    const existed = this.objects.has(k);
    this.objects.set(k, typed);
    this.emit(existed ? 'modified' : 'added', typed);
  }
}
