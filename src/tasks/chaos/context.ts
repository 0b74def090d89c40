/** What every chaos action needs: the cluster, the devnet, where it runs, and how to say what it does. */
import type { Kube } from '../../kube/client.js';
import type { LoadedProfile } from '../load-profile.js';
import type { Target } from '../target.js';

export interface ChaosContext {
  kube: Kube;
  loaded: LoadedProfile;
  target: Target;
  /** The environment docker runs with (the kind node is reached with docker exec). */
  env: Record<string, string | undefined>;
  signal: AbortSignal;
}
