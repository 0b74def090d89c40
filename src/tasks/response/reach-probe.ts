/**
 * Asks each validator's public endpoint, from this machine, whether it answers, as a wallet here
 * reaches it: for Linera the proxy's gRPC health (the question Linera's own tooling asks, see
 * src/system/grpc-health.ts) on the address the dashboard shows for the validator. One round every
 * few seconds while someone watches, every ask bounded by a timeout, one round at a time; watchers
 * hear of a change only.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { grpcHealth, type HealthAnswer } from '../../system/grpc-health.js';
import type { EndpointReach, TopologyView } from '../../tui/model.js';

export interface ReachTarget {
  validator: number;
  address: string;
}

export type AskEndpoint = (address: string, timeoutMs: number, signal: AbortSignal) => Promise<HealthAnswer>;

export interface ReachProbeOptions {
  /** Between the end of a round and the next. */
  intervalMs?: number;
  /** One ask; an endpoint slower than this does not answer. */
  timeoutMs?: number;
  ask?: AskEndpoint;
  now?: () => number;
}

const askHealth: AskEndpoint = (address, timeoutMs, signal) => grpcHealth(address, { timeoutMs, signal });

export class ReachProbe {
  private readonly answers = new Map<number, EndpointReach>();
  private readonly listeners = new Set<() => void>();
  private loop: AbortController | undefined;
  private readonly intervalMs: number;
  private readonly timeoutMs: number;
  private readonly ask: AskEndpoint;
  private readonly now: () => number;

  constructor(
    private readonly targets: readonly ReachTarget[],
    options: ReachProbeOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 3000;
    this.timeoutMs = options.timeoutMs ?? 2000;
    this.ask = options.ask ?? askHealth;
    this.now = options.now ?? Date.now;
  }

  /** Probes until the returned function is called (or `signal` aborts); `listener` hears of each change. */
  watch(listener: () => void, signal: AbortSignal): () => void {
    this.listeners.add(listener);
    if (this.loop === undefined) {
      const loop = new AbortController();
      this.loop = loop;
      void this.run(AbortSignal.any([signal, loop.signal]));
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size > 0) return;
      this.loop?.abort();
      this.loop = undefined;
    };
  }

  /** The view with each validator's last answer on its row. */
  annotate(view: TopologyView): TopologyView {
    if (this.answers.size === 0) return view;
    return { ...view, validators: view.validators.map((v) => (v.index === null || !this.answers.has(v.index) ? v : { ...v, reach: this.answers.get(v.index) })) };
  }

  /** The validators whose endpoint did not answer the last probe, by name. */
  silent(): string[] {
    return this.targets.filter((t) => this.answers.get(t.validator)?.answers === false).map((t) => `validator-${t.validator}`);
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await this.round(signal);
      try {
        await delay(this.intervalMs, undefined, { signal });
      } catch {
        return;
      }
    }
  }

  private async round(signal: AbortSignal): Promise<void> {
    // Each ask listens on the round's own signal, not the long-lived one, so no listener piles up.
    const round = new AbortController();
    const stop = () => round.abort();
    signal.addEventListener('abort', stop, { once: true });
    try {
      const answers = await Promise.all(
        this.targets.map(async (t) => this.ask(t.address, this.timeoutMs, round.signal).catch((error: unknown): HealthAnswer => ({ serving: false, reason: error instanceof Error ? error.message : String(error) }))),
      );
      if (signal.aborted) return;
      const changed = this.targets.map((t, i) => this.record(t, answers[i] ?? { serving: false, reason: 'no answer' }));
      if (changed.includes(true)) for (const listener of this.listeners) listener();
    } finally {
      signal.removeEventListener('abort', stop);
      round.abort();
    }
  }

  /** Only a change between answering and not counts: the reason is the one first seen (gRPC's words carry times that differ each round). */
  private record(target: ReachTarget, answer: HealthAnswer): boolean {
    const before = this.answers.get(target.validator);
    if (before !== undefined && before.answers === answer.serving) return false;
    this.answers.set(target.validator, { address: target.address, answers: answer.serving, since: this.now(), ...(answer.serving ? {} : { reason: answer.reason }) });
    return true;
  }
}
