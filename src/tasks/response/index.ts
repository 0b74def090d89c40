/**
 * What the dashboard measures of the network's response to faults, injected into its source as
 * dashboardChaos is: which validators' public endpoints answer a client on this machine (probed only
 * while the dashboard shows them), and, for Linera, one timed transfer with the wallet `up` handed over.
 */
import { transferOnce, type TransferOutcome } from '../../networks/linera/transfer.js';
import type { Io } from '../../system/io.js';
import type { TopologyView, TransferResult } from '../../tui/model.js';
import { networkClient } from '../check/client.js';
import type { LoadedProfile } from '../load-profile.js';
import { ReachProbe, type ReachProbeOptions } from './reach-probe.js';

/** The most a transfer from the dashboard may take, as one call of the check's client. */
const TRANSFER_MS = 30_000;

export interface NetworkResponse {
  /** The view with each validator's last answer on its row. */
  annotate(view: TopologyView): TopologyView;
  /** Probes while watched: until the returned function is called or `signal` aborts. */
  watch(listener: () => void, signal: AbortSignal): () => void;
  transfer?(signal: AbortSignal): Promise<TransferResult>;
}

/**
 * Linera's: each validator's proxy is probed on the address the committee advertises, which is the
 * one a wallet here dials (on kind also the one its row shows; on an existing cluster the row shows
 * the NodePort, which the wallet does not use unless the committee advertises it). Other networks
 * have no such probe yet.
 */
export function networkResponse(loaded: LoadedProfile, io: Pick<Io, 'env'>, options: ReachProbeOptions = {}): NetworkResponse | undefined {
  const { profile, topology } = loaded;
  if (profile.network !== 'linera') return undefined;
  const targets = topology.validators.flatMap((v) => v.endpoints.slice(0, 1).map((e) => ({ validator: v.index, address: e.address })));
  const probe = new ReachProbe(targets, options);
  const client = networkClient(loaded, io);
  const now = options.now ?? Date.now;
  return {
    annotate: (view) => probe.annotate(view),
    watch: (listener, signal) => probe.watch(listener, signal),
    transfer: client === undefined ? undefined : (signal) => timedTransfer((deadline) => transferOnce(client, profile.checks.builtin.amount, deadline), () => probe.silent(), signal, now),
  };
}

/**
 * Times one transfer from the key press. A transfer that fails or runs out of time names the
 * validators that did not answer the probe then; what keeps it from being made at all (no wallet
 * here) is thrown, with the client's words.
 */
export async function timedTransfer(make: (deadline: AbortSignal) => Promise<TransferOutcome>, silent: () => string[], signal: AbortSignal, now: () => number, limitMs = TRANSFER_MS): Promise<TransferResult> {
  const started = now();
  const seconds = () => (now() - started) / 1000;
  const deadline = AbortSignal.any([signal, AbortSignal.timeout(limitMs)]);
  let outcome: TransferOutcome;
  try {
    outcome = await make(deadline);
  } catch (error) {
    // The deadline stopped the client: that is the measurement. Leaving the dashboard, or no client at all, is not.
    if (signal.aborted || !deadline.aborted) throw error;
    outcome = { ok: false, problem: `the client did not finish within ${Math.round(limitMs / 1000)} s` };
  }
  if (outcome.ok) return { certified: true, seconds: seconds() };
  return { certified: false, seconds: seconds(), reason: outcome.problem, silent: silent() };
}
