/**
 * Applying rendered objects so that a second `up` changes nothing: each object carries the hash of
 * what was rendered; an object whose live hash matches is skipped. Objects whose immutable fields
 * changed (a Job's template, a StatefulSet's claims) are replaced. What devnet made earlier and no
 * longer renders is pruned.
 */
import { createHash } from 'node:crypto';
import { InterruptedError, NotReadyError } from '../../errors/index.js';
import { KubeApiError, type Kube, type LiveObject } from '../../kube/client.js';
import { Informer } from '../../kube/informer.js';
import { waitFor } from '../../kube/wait.js';
import { devnetSelector } from '../../render/labels.js';
import type { KubeObject } from '../../render/kube-object.js';
import { abortedByDeadline, backoffMs, sleep } from '../../system/sleep.js';
import { allocatedPorts, heldByAnother, holderOf, leakedNote } from './node-ports.js';

export const APPLIED_HASH = 'devnet/applied-hash';
export const STATE_LABEL = 'devnet/state';

export function objectKey(o: { kind: string; metadata: { name: string; namespace?: string } }): string {
  return `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

/** JSON with keys sorted at every level, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

export function stamped(object: KubeObject): KubeObject {
  const hash = createHash('sha256').update(canonicalJson(object)).digest('hex').slice(0, 20);
  return { ...object, metadata: { ...object.metadata, annotations: { ...object.metadata.annotations, [APPLIED_HASH]: hash } } };
}

export interface ApplyReport {
  applied: string[];
  unchanged: number;
  replaced: string[];
}

export class Applier {
  /** Live hashes of what devnet made, by object key; filled by `load`. */
  private readonly live = new Map<string, string>();
  /** Keys of everything this run renders (see want); a Service of this devnet outside it is stale. */
  private wanted: Set<string> | undefined;
  private readonly leaksNoted = new Set<number>();
  /** The generation the API server gave each object this run applied. */
  private readonly generations = new Map<string, number>();
  readonly report: ApplyReport = { applied: [], unchanged: 0, replaced: [] };

  constructor(
    private readonly kube: Kube,
    private readonly devnet: string,
    private readonly signal: AbortSignal,
    private readonly note: (message: string) => void = () => {},
  ) {}

  /** Everything this run will apply, so a left-over Service of this devnet may give up its node port early. */
  want(objects: readonly KubeObject[]): void {
    this.wanted = new Set(objects.map(objectKey));
  }

  /** Reads what exists, one list per kind across namespaces. Kinds the cluster does not serve are skipped. */
  async load(kinds: readonly { apiVersion: string; kind: string }[]): Promise<void> {
    const selector = devnetSelector(this.devnet);
    // Every object devnet makes lives in one of its namespaces: none means nothing to read.
    const namespaces = await this.kube.list('v1', 'Namespace', { labelSelector: selector, signal: this.signal });
    if (namespaces.items.length === 0) return;
    await Promise.all(
      unique(kinds).map(async ({ apiVersion, kind }) => {
        if (!(await this.kube.discovery.has(apiVersion, kind, this.signal))) return;
        const { items } = await this.kube.list(apiVersion, kind, { labelSelector: selector, signal: this.signal });
        for (const item of items) this.live.set(objectKey(item), item.metadata.annotations?.[APPLIED_HASH] ?? '');
      }),
    );
  }

  has(object: KubeObject): boolean {
    return this.live.has(objectKey(object));
  }

  /**
   * The generation this run's apply of the object produced (0 when it applied nothing): a watch
   * that still shows an older one has not seen the change yet, and its status is the old spec's.
   */
  appliedGeneration(object: { kind: string; metadata: { name: string; namespace?: string } }): number {
    return this.generations.get(objectKey(object)) ?? 0;
  }

  /** Namespaces first (everything else lives in them), then the rest in parallel. */
  async apply(objects: readonly KubeObject[], concurrency = 8): Promise<void> {
    await this.applyParallel(objects.filter((o) => o.kind === 'Namespace'), concurrency);
    await this.applyParallel(objects.filter((o) => o.kind !== 'Namespace'), concurrency);
  }

  private async applyParallel(objects: readonly KubeObject[], concurrency: number): Promise<void> {
    const queue = [...objects];
    const worker = async () => {
      for (let object = queue.shift(); object !== undefined; object = queue.shift()) await this.applyOne(stamped(object));
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  }

  private async applyOne(object: KubeObject): Promise<void> {
    const key = objectKey(object);
    const hash = object.metadata.annotations?.[APPLIED_HASH] ?? '';
    if (this.live.get(key) === hash) {
      this.report.unchanged++;
      return;
    }
    for (let attempt = 0; ; attempt++) {
      try {
        this.remember(key, await this.kube.apply(object, { signal: this.signal }));
        break;
      } catch (error) {
        if (isImmutableChange(error)) {
          this.remember(key, await this.replace(object));
          this.report.replaced.push(key);
          break;
        }
        const ports = allocatedPorts(error);
        if (ports.length === 0) throw error;
        await this.waitForPorts(object, ports, attempt);
      }
    }
    this.live.set(key, hash);
    this.report.applied.push(key);
  }

  private remember(key: string, live: LiveObject | undefined): void {
    if (live?.metadata.generation !== undefined) this.generations.set(key, live.metadata.generation);
  }

  /** Deletes and recreates an object whose immutable fields changed; storage-init is idempotent, pods come back, claims stay. */
  async replace(object: KubeObject): Promise<LiveObject> {
    const { apiVersion, kind, metadata } = object;
    const informer = new Informer(this.kube, apiVersion, kind, { namespace: metadata.namespace, fieldSelector: `metadata.name=${metadata.name}` });
    await informer.start(this.signal);
    try {
      // Foreground: the old pods are gone before the new object exists, so none is adopted half-way.
      await this.kube.delete(apiVersion, kind, metadata.namespace, metadata.name, this.signal, 'Foreground');
      await waitFor(informer, (all) => all.length === 0, this.signal);
    } finally {
      informer.stop();
    }
    return this.kube.apply(object, { signal: this.signal });
  }

  /** Node ports the API server says are taken: a stranger's is an error, a stale one of ours goes, a leaked one is waited out. */
  private async waitForPorts(object: KubeObject, ports: number[], attempt: number): Promise<void> {
    const service = `${object.metadata.namespace ?? ''}/${object.metadata.name}`;
    for (const port of ports) {
      const holder = await holderOf(this.kube, port, this.devnet, object.metadata, this.signal);
      if (holder.kind === 'service' && !holder.ours) throw heldByAnother(port, holder, service);
      if (holder.kind === 'service' && this.wanted !== undefined && !this.wanted.has(`Service/${holder.namespace}/${holder.name}`)) {
        this.note(`removing Service ${holder.namespace}/${holder.name} early: the profile no longer has it and ${service} needs its node port ${port}`);
        await this.kube.delete('v1', 'Service', holder.namespace, holder.name, this.signal);
        continue;
      }
      if (holder.kind === 'leaked' && !this.leaksNoted.has(port)) {
        this.leaksNoted.add(port);
        this.note(leakedNote(port));
      }
    }
    try {
      await sleep(backoffMs(attempt, 500, 10_000), this.signal);
    } catch (error) {
      if (!(error instanceof InterruptedError) || !abortedByDeadline(this.signal)) throw error;
      throw new NotReadyError(`Service ${service} could not get node port${ports.length > 1 ? 's' : ''} ${ports.join(', ')} before the deadline: the API server still holds ${ports.length > 1 ? 'them' : 'it'} for no Service.`, {
        hint: 'the API server frees a leaked node port within about 10 minutes of the leak; run devnet up again then, or raise --timeout',
      });
    }
  }

  /** What devnet made before and no longer renders (except its state), to be deleted. */
  stale(rendered: readonly KubeObject[]): string[] {
    const wanted = new Set(rendered.map(objectKey));
    return [...this.live.keys()].filter((key) => !wanted.has(key));
  }
}

function isImmutableChange(error: unknown): boolean {
  return error instanceof KubeApiError && error.status === 422 && /field is immutable|updates to statefulset spec for fields other than/i.test(error.message);
}

function unique(kinds: readonly { apiVersion: string; kind: string }[]) {
  return [...new Map(kinds.map((k) => [`${k.apiVersion}/${k.kind}`, k])).values()];
}

export type { LiveObject };
