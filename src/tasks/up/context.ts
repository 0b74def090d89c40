/** What the steps of `up` share as they run. */
import type { KindOptions } from '../../cluster/kind.js';
import type { Kube } from '../../kube/client.js';
import type { CommandLines } from '../../output/command-line.js';
import type { Material } from '../../networks/material.js';
import type { KubeObject } from '../../render/kube-object.js';
import type { Io } from '../../system/io.js';
import type { LoadedProfile, ProfileFlags } from '../load-profile.js';
import type { DevnetRecord } from '../record.js';
import type { ClusterFlags, Target } from '../target.js';
import type { Applier } from './apply.js';
import type { PhaseTimings } from './deploy.js';
import type { Pushed } from './images.js';
import type { NetworkPlan } from './material.js';
import type { DevnetWatch } from './readiness.js';
import type { WalletFiles } from './wallet.js';
import type { RunningCache } from '../cache/ensure.js';
import { imageInventory, type Inventory } from '../images/inventory.js';

export interface UpFlags {
  timeoutSeconds: number;
  recreate: boolean;
  useContext: boolean;
  loadImages: string[];
  manifestsDir?: string | undefined;
  skipPreflight: boolean;
  skipEndpointCheck: boolean;
  /** Answer yes to the question before a new network replaces the old one (its storage is deleted). */
  yes: boolean;
  json: boolean;
  dashboard: boolean;
  /** Play the profile's chaos: schedule once the devnet is ready (--no-chaos: do not). */
  chaos: boolean;
  /** After the validators are ready, wait until every replica with a health rule is healthy. */
  waitHealthy: boolean;
  /** --ttl as given, and in seconds: the devnet expires that long after this up. */
  ttl?: string | undefined;
  ttlSeconds?: number | undefined;
  /** --bundle-on-failure: write the debugging bundle here when up fails. */
  bundleOnFailure?: string | undefined;
  /** Use only what this machine has: images in Docker, a cache or the node, manifests at hand. */
  offline: boolean;
}

/** What the pre-pull did, for the summary and the dashboard. */
export interface PullReport {
  pulled: number;
  present: number;
  loaded: number;
  bytes: number;
  seconds: number;
}

export class UpContext {
  /** The kind devnet runs, chosen (and downloaded if need be) by the cluster step. */
  kind: KindOptions | undefined;
  kube: Kube | undefined;
  network: NetworkPlan | undefined;
  material: Material | undefined;
  state: KubeObject | undefined;
  objects: KubeObject[] = [];
  applier: Applier | undefined;
  watch: DevnetWatch | undefined;
  phases: PhaseTimings | undefined;
  wallet: WalletFiles | undefined;
  record: DevnetRecord | undefined;
  /** When the run began, epoch ms: --timeout counts from here. */
  readonly startedAt = Date.now();
  /** The registry caches running for this devnet (the cache step). */
  caches: RunningCache[] = [];
  /** Local images pushed to the devnet.local cache, which the node pulls like any other. */
  pushed: string[] = [];
  /** The pushes to that cache, started beside `kind create` (images.ts startPushes). */
  pushes: Promise<Pushed[]> | undefined;
  pull: PullReport | undefined;
  /** On a cluster `up` has just created: CoreDNS and kind's storage provisioner replaced if they started too early (early-starters.ts). */
  earlyStarters: Promise<string | undefined> | undefined;
  /** What does not stop up but will not work as well as it could, each with its fix. */
  warnings: { message: string; fix: string }[] = [];
  private inventoryOnce: Promise<Inventory> | undefined;

  constructor(
    readonly flags: UpFlags & ProfileFlags & ClusterFlags,
    readonly io: Io,
    readonly loaded: LoadedProfile,
    readonly target: Target,
    /** Ctrl-C or the overall deadline, whichever comes first. */
    readonly signal: AbortSignal,
    /** Follow-up commands for hints, with the flags this run was given. */
    readonly lines: CommandLines,
  ) {}

  /** The devnet's images, read once (prerequisite manifests downloaded unless --offline). */
  imageInventory(): Promise<Inventory> {
    this.inventoryOnce ??= imageInventory(this.loaded.topology, {
      env: this.io.env,
      manifestsDir: this.flags.manifestsDir,
      download: !this.flags.offline,
      loadImages: this.flags.loadImages,
      signal: this.signal,
    });
    return this.inventoryOnce;
  }

  requireKind(): KindOptions {
    return required(this.kind, 'cluster');
  }

  requireKube(): Kube {
    return required(this.kube, 'cluster');
  }

  requireNetwork(): NetworkPlan {
    return required(this.network, 'network');
  }

  requireMaterial(): Material {
    return required(this.material, 'keys');
  }

  requireState(): KubeObject {
    return required(this.state, 'keys');
  }

  requireApplier(): Applier {
    return required(this.applier, 'objects');
  }

  requireWatch(): DevnetWatch {
    return required(this.watch, 'objects');
  }
}

function required<T>(value: T | undefined, step: string): T {
  if (value === undefined) throw new Error(`the ${step} step has not run`);
  return value;
}
