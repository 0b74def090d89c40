/**
 * What the dashboard measures of the network's response to faults, injected into its source as
 * dashboardChaos is: which validators' public endpoints answer a client on this machine (probed only
 * while the dashboard shows them).
 */
import type { TopologyView } from '../../tui/model.js';
import type { LoadedProfile } from '../load-profile.js';
import { ReachProbe, type ReachProbeOptions } from './reach-probe.js';

export interface NetworkResponse {
  /** The view with each validator's last answer on its row. */
  annotate(view: TopologyView): TopologyView;
  /** Probes while watched: until the returned function is called or `signal` aborts. */
  watch(listener: () => void, signal: AbortSignal): () => void;
}

/**
 * Linera's: each validator's proxy is probed on the address the committee advertises, which is the
 * one a wallet here dials (on kind also the one its row shows; on an existing cluster the row shows
 * the NodePort, which the wallet does not use unless the committee advertises it). Other networks
 * have no such probe yet.
 */
export function networkResponse(loaded: LoadedProfile, options: ReachProbeOptions = {}): NetworkResponse | undefined {
  const { profile, topology } = loaded;
  if (profile.network !== 'linera') return undefined;
  const targets = topology.validators.flatMap((v) => v.endpoints.slice(0, 1).map((e) => ({ validator: v.index, address: e.address })));
  const probe = new ReachProbe(targets, options);
  return {
    annotate: (view) => probe.annotate(view),
    watch: (listener, signal) => probe.watch(listener, signal),
  };
}
