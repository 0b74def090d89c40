/**
 * Following one container's log for as long as its pod lives: a stream that reconnects where it
 * stopped when it breaks, and that, when the container restarts, first reads what the old one
 * wrote after the last line delivered (its log is now the "previous" one), then goes on with the
 * new container. The cursor (cursor.ts) makes every reconnection exact.
 */
import { ClusterError } from '../../errors/index.js';
import { KubeApiError } from '../../kube/client.js';
import { Cursor, LineSplitter, resumeQuery, splitTimestamp, type StartQuery, type TimedLine } from './cursor.js';
import { hasLog, podFields, type ContainerStatus, type FollowerEvent, type LogApi, type PodRef } from './types.js';

export interface ContainerContext {
  api: LogApi;
  pod: PodRef;
  container: string;
  /** Aborted when the whole follower stops. */
  signal: AbortSignal;
  /** Lines that are new (not yet delivered), in order; `previous` when read from the container before a restart. */
  emit(lines: TimedLine[], previous: boolean): void;
  event(event: FollowerEvent): void;
  /** A problem that waiting will not fix (e.g. not allowed to read logs): ends the follower. */
  fail(error: Error): void;
}

type Outcome = 'ended' | 'aborted' | 'unavailable' | 'failed';

const MAX_BACKOFF_MS = 5000;
const ENDED_SETTLE_MS = 1000;
const backoff = (attempt: number) => (attempt <= 0 ? 0 : Math.min(250 * 2 ** (attempt - 1), MAX_BACKOFF_MS));

export class ContainerFollow {
  private status: ContainerStatus | undefined;
  /** restartCount of the container whose log is being read. */
  private instance: number | undefined;
  private readonly cursor = new Cursor();
  private firstRequestAt: number | undefined;
  private stream: AbortController | undefined;
  private wake: (() => void) | undefined;
  private closing = false;
  /** A `reconnecting` event was sent and no line arrived since. */
  private broken = false;
  /** The state of a stopped container whose log was read to its end: nothing more will come. */
  private exhausted: string | undefined;
  private readonly done: Promise<void>;

  constructor(
    private readonly ctx: ContainerContext,
    status: ContainerStatus | undefined,
    /** --tail/--since for a log that existed when following began; nothing for a new one. */
    private start: StartQuery,
  ) {
    this.status = status;
    this.instance = status?.restartCount;
    this.done = this.loop().catch((error: unknown) => ctx.fail(error instanceof Error ? error : new Error(String(error))));
  }

  /** The container's status changed (from the pod watch). */
  update(status: ContainerStatus | undefined): void {
    this.status = status;
    // A stream can outlive its container (or a lagging status can hide a restart for a while);
    // stop it, and let the loop read the old container's end from its previous log.
    if (status !== undefined && this.instance !== undefined && status.restartCount > this.instance) this.stream?.abort();
    this.wake?.();
  }

  /** Stops following; a stream still open gets `graceMs` to deliver what is in flight. */
  async close(graceMs: number): Promise<void> {
    this.closing = true;
    this.wake?.();
    const timer = setTimeout(() => this.stream?.abort(), graceMs);
    try {
      await this.done;
    } finally {
      clearTimeout(timer);
    }
  }

  private get stopped(): boolean {
    return this.closing || this.ctx.signal.aborted;
  }

  private async loop(): Promise<void> {
    let attempt = 0;
    while (!this.stopped) {
      const status = this.status;
      if (status !== undefined && this.instance === undefined) this.instance = status.restartCount;
      else if (status !== undefined && this.instance !== undefined && status.restartCount > this.instance) await this.restarted(status);
      if (this.stopped) return;
      if (!hasLog(status) || stateKey(status) === this.exhausted) {
        await this.wait(undefined, true);
        continue;
      }
      const before = this.cursor.delivered;
      const outcome = await this.streamOnce();
      attempt = this.cursor.delivered > before ? 0 : attempt + 1;
      if (this.stopped || outcome === 'aborted') continue;
      if (outcome === 'failed') await this.wait(backoff(attempt), false);
      else if (outcome === 'unavailable') await this.wait(backoff(attempt), true);
      else if (this.status?.state?.running === undefined) this.exhausted = stateKey(this.status);
      // The stream ended while the container seemed to run: usually it just stopped and the
      // status lags behind. Give the status a moment, so a restart is seen before the new log.
      else await this.wait(Math.max(ENDED_SETTLE_MS, backoff(attempt)), true);
    }
  }

  private async streamOnce(): Promise<Outcome> {
    const controller = new AbortController();
    const stop = () => controller.abort();
    this.ctx.signal.addEventListener('abort', stop, { once: true });
    this.stream = controller;
    const accept = this.cursor.reader();
    const splitter = new LineSplitter();
    const query = { container: this.ctx.container, timestamps: true, ...resumeQuery(this.start, this.cursor, this.elapsed()) };
    this.firstRequestAt ??= Date.now();
    try {
      const { namespace, name } = this.ctx.pod;
      await this.ctx.api.follow(namespace, name, query, (chunk) => this.deliver(splitter.push(chunk), accept, false), controller.signal);
      if (controller.signal.aborted) return 'aborted';
      this.deliver(splitter.end(), accept, false);
      return 'ended';
    } catch (error) {
      if (controller.signal.aborted) return 'aborted';
      return this.classify(error);
    } finally {
      this.ctx.signal.removeEventListener('abort', stop);
      this.stream = undefined;
    }
  }

  /** The old container's last lines, then a marker; the new container is read from its start. */
  private async restarted(status: ContainerStatus): Promise<void> {
    if (this.firstRequestAt !== undefined) await this.catchUp();
    const terminated = status.lastState?.terminated;
    this.ctx.event({
      kind: 'container-restarted',
      ...podFields(this.ctx.pod),
      container: this.ctx.container,
      restarts: status.restartCount,
      ...(terminated?.exitCode === undefined ? {} : { exitCode: terminated.exitCode }),
      ...(terminated?.reason === undefined ? {} : { reason: terminated.reason }),
    });
    this.instance = status.restartCount;
    this.start = {};
    this.firstRequestAt = undefined;
    this.exhausted = undefined;
  }

  private async catchUp(): Promise<void> {
    const query = { container: this.ctx.container, timestamps: true, previous: true, ...resumeQuery(this.start, this.cursor, this.elapsed()) };
    try {
      const text = await this.ctx.api.read(this.ctx.pod.namespace, this.ctx.pod.name, query, this.ctx.signal);
      if (text === undefined) return;
      const splitter = new LineSplitter();
      this.deliver([...splitter.push(text), ...splitter.end()], this.cursor.reader(), true);
    } catch (error) {
      if (this.ctx.signal.aborted) return;
      this.reconnecting(`could not read the end of the restarted container's log: ${messageOf(error)}`);
    }
  }

  private deliver(raw: string[], accept: (line: TimedLine) => boolean, previous: boolean): void {
    const fresh = raw.map(splitTimestamp).filter(accept);
    if (fresh.length === 0) return;
    this.broken = false;
    this.ctx.emit(fresh, previous);
  }

  private classify(error: unknown): Outcome {
    if (error instanceof KubeApiError && (error.status === 401 || error.status === 403)) {
      throw new ClusterError(`The cluster refused to show the log of ${this.ctx.pod.key} (${error.status} ${error.reason}): ${error.message}`, {
        hint: 'your kubeconfig user needs get on pods/log in the devnet\'s namespaces (kubectl auth can-i get pods/log -n ' + this.ctx.pod.namespace + ')',
      });
    }
    // Waiting to start, or the pod just went: the pod watch says what happens next.
    if (error instanceof KubeApiError && (error.status === 400 || error.status === 404)) return 'unavailable';
    this.reconnecting(messageOf(error));
    return 'failed';
  }

  private reconnecting(reason: string): void {
    if (this.broken) return;
    this.broken = true;
    this.ctx.event({ kind: 'reconnecting', ...podFields(this.ctx.pod), container: this.ctx.container, reason });
  }

  private elapsed(): number | undefined {
    return this.firstRequestAt === undefined ? undefined : Date.now() - this.firstRequestAt;
  }

  /** Until `ms` pass (forever when undefined), the follower stops, or (if asked) the status changes. */
  private wait(ms: number | undefined, onChange: boolean): Promise<void> {
    if (this.stopped || ms === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.ctx.signal.removeEventListener('abort', done);
        this.wake = undefined;
        resolve();
      };
      const timer = ms === undefined ? undefined : setTimeout(done, ms);
      this.ctx.signal.addEventListener('abort', done, { once: true });
      this.wake = () => {
        if (onChange || this.closing) done();
      };
    });
  }
}

/** Which container run a status describes, so a stopped one is not read twice. */
function stateKey(status: ContainerStatus | undefined): string {
  const terminated = status?.state?.terminated ?? status?.lastState?.terminated;
  return `${status?.restartCount ?? -1}:${status?.state?.running === undefined ? 'stopped' : 'running'}:${terminated?.exitCode ?? ''}:${(terminated as { finishedAt?: string } | undefined)?.finishedAt ?? ''}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
