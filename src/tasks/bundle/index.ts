/**
 * devnet bundle: everything needed to debug a devnet offline, in one .tar.gz — status, every pod
 * described with its events, every container's log and previous log, cluster events, the objects
 * (Secret data redacted), the resolved profile, versions, the last up's timings, and kind's node
 * logs. Bounded in size (the cuts are listed in README.txt) and free of key material.
 */
import { resolve } from 'node:path';
import { theme } from '../../output/theme.js';
import { Kube, type LiveObject } from '../../kube/client.js';
import { devnetSelector } from '../../render/labels.js';
import type { Io } from '../../system/io.js';
import { version } from '../../system/version.js';
import type { LoadedProfile, ProfileFlags } from '../load-profile.js';
import { openDevnet } from '../open-devnet.js';
import { runSteps, type Step } from '../steps.js';
import { failedCreate } from '../retained.js';
import { reachableTarget, targetOf, type ClusterFlags, type Target } from '../target.js';
import { Archive } from './archive.js';
import { collectEvents, collectKindLogs, collectLogs, collectObjects, collectPods, collectProfile, collectStatus, podsOf, type BundleSources } from './collect.js';
import { scrubberFor, secretValues } from './redact.js';

export interface BundleFlags extends ProfileFlags, ClusterFlags {
  out?: string | undefined;
  /** Why the bundle was made (the error of a failed up or check), written into it. */
  failure?: string | undefined;
  quiet?: boolean | undefined;
}

export interface BundleResult {
  file: string;
  bytes: number;
  files: number;
  cuts: string[];
  gaps: string[];
}

interface BundleContext {
  src: BundleSources;
  archive: Archive;
  pods: Awaited<ReturnType<typeof podsOf>>;
  /** The devnet's Secrets could be read, so what comes from the cluster can be scrubbed of them. */
  reachable: boolean;
  /** The kind cluster is a node kept after its creation failed: no devnet ever ran there, so its logs hold no secret. */
  keptAfterFailure: boolean;
}

const guarded = (id: string, title: string, collect: (ctx: BundleContext) => Promise<string>): Step<BundleContext> => ({
  id,
  title,
  skip: (ctx) => (ctx.reachable || id === 'profile' || (id === 'kind' && ctx.keptAfterFailure) ? false : 'the cluster cannot be read'),
  run: async (ctx) => {
    try {
      return await collect(ctx);
    } catch (error) {
      ctx.archive.gap(title, error);
      return 'could not be collected (noted in README.txt)';
    }
  },
});

export const BUNDLE_STEPS: readonly Step<BundleContext>[] = [
  guarded('status', 'Status', (ctx) => collectStatus(ctx.src, ctx.archive)),
  guarded('pods', 'Pods', async (ctx) => collectPods(ctx.src, ctx.archive, (ctx.pods = await podsOf(ctx.src)))),
  guarded('logs', 'Logs', (ctx) => collectLogs(ctx.src, ctx.archive, ctx.pods)),
  guarded('events', 'Cluster events', (ctx) => collectEvents(ctx.src, ctx.archive)),
  guarded('objects', 'Objects', (ctx) => collectObjects(ctx.src, ctx.archive)),
  guarded('profile', 'Profile and versions', (ctx) => collectProfile(ctx.src, ctx.archive)),
  { ...guarded('kind', 'kind node logs', (ctx) => collectKindLogs(ctx.src, ctx.archive)), enabled: (ctx) => ctx.src.target.provider === 'kind' },
];

export async function runBundle(flags: BundleFlags, io: Io, preloaded?: LoadedProfile): Promise<BundleResult> {
  const { loaded, target, kept } = await bundled(flags, io, preloaded);
  const name = loaded.profile.name;
  const file = resolve(io.cwd, flags.out ?? `devnet-${name}-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}.tar.gz`);
  const signal = io.signal;
  const reached = await reach(target, name, signal, kept);
  const archive = new Archive(`devnet-${name}`, scrubberFor(secretValues(reached.secrets, [loaded.profile.seed])));
  if (reached.error !== undefined) archive.gap('the cluster', reached.error);
  if (flags.failure !== undefined) archive.add('failure.txt', `${flags.failure}\n`);
  const keptAfterFailure = kept !== undefined;
  const ctx: BundleContext = { src: { io, loaded, target, kube: reached.kube, namespaces: reached.namespaces, signal }, archive, pods: [], reachable: reached.error === undefined, keptAfterFailure };
  const quietIo = flags.quiet ? { ...io, stderr: { write: () => true } } : io;
  await runSteps(BUNDLE_STEPS, ctx, quietIo, 'plain');
  archive.add('README.txt', readme(loaded, target.context ?? target.clusterName, archive));
  const bytes = await archive.write(file);
  const result = { file, bytes, files: archive.names().length, cuts: archive.cuts, gaps: archive.gaps };
  if (!flags.quiet) {
    const t = theme(io.env, io.stderr);
    io.stderr.write(`${t.ok('✔')} Bundle of devnet ${name}: ${file} ${t.dim(`(${result.files} files, ${(bytes / 2 ** 20).toFixed(1)} MiB before compression)`)}\n`);
  }
  return result;
}

/**
 * The devnet to bundle and where it is. On its own, a bundle of a devnet that is not there would
 * hold nothing worth keeping, so it is refused; after a failed up, whatever the cluster still shows
 * is the evidence, even if it is little. A kind node kept after its creation failed (`kept`, why it
 * failed) is bundled either way: its logs are what there is, read without an API server.
 */
async function bundled(flags: BundleFlags, io: Io, preloaded: LoadedProfile | undefined): Promise<{ loaded: LoadedProfile; target: Target; kept?: string | undefined }> {
  if (preloaded === undefined) {
    const opened = await openDevnet(flags, io, 'bundle', { keptNode: true });
    return { loaded: opened.loaded, target: opened.target, kept: 'kept' in opened ? opened.kept : undefined };
  }
  const planned = targetOf(preloaded.topology.cluster, flags, io);
  const kept = planned.provider === 'kind' ? await failedCreate(io, planned.clusterName) : undefined;
  const target = kept !== undefined ? planned : await reachableTarget(preloaded.topology.cluster, flags, io).catch(() => planned);
  return { loaded: preloaded, target, kept };
}

/** The devnet's namespaces and the Secrets whose values must never appear in the bundle. */
async function reach(target: Target, name: string, signal: AbortSignal, kept: string | undefined): Promise<{ kube: Kube; namespaces: string[]; secrets: LiveObject[]; error?: unknown }> {
  let kube: Kube | undefined;
  // A cluster whose creation failed has no API server to ask; its node's logs are what there is.
  if (kept !== undefined) return { kube: kube as unknown as Kube, namespaces: [], secrets: [], error: `kind cluster ${target.clusterName} never finished creating: ${kept.split('\n')[0] ?? ''}` };
  try {
    kube = Kube.connect(target);
    const namespaces = (await kube.list('v1', 'Namespace', { labelSelector: devnetSelector(name), signal })).items.map((n) => n.metadata.name);
    const lists = await Promise.all([kube.list('v1', 'Secret', { labelSelector: devnetSelector(name), signal }), ...namespaces.map((namespace) => kube?.list('v1', 'Secret', { namespace, signal }))]);
    return { kube, namespaces, secrets: lists.flatMap((l) => l?.items ?? []) };
  } catch (error) {
    return { kube: kube as Kube, namespaces: [], secrets: [], error };
  }
}

function readme(loaded: LoadedProfile, context: string, archive: Archive): string {
  return [
    `devnet bundle of ${loaded.profile.name} (${loaded.profile.network}), context ${context}`,
    `made ${new Date().toISOString()} by devnet ${version()}`,
    '',
    'Contents:',
    '  status.json        validators, components and pods with their states (as devnet status --json)',
    '  pods/NS/POD.json   each pod: spec, conditions, container states, and its events',
    '  logs/NS/POD/C.log  each container\'s log; C.previous.log: the container before its last restart',
    '  events.json        the cluster\'s events, oldest first',
    '  objects.yaml       every object of the devnet as the cluster has it; Secret data redacted',
    '  profile.yaml       the profile with defaults and overrides applied (the seed left out)',
    '  versions.json      devnet, Node.js, Kubernetes and the pinned prerequisites',
    '  timings.json       phases of the last devnet up that finished on this machine',
    '  kind/              kind export logs: node journal, kubelet, containerd, every pod log on the node',
    '  failure.txt        why the bundle was made, when a failing command made it',
    '',
    'No key material: Secret data is replaced by its size, and every value of the devnet\'s Secrets',
    `(with the key-like strings inside them) is replaced by [REDACTED] wherever it appears.`,
    '',
    `What was cut (limits: ${archive.limits.perFile} bytes per file, ${archive.limits.total} bytes in all):`,
    ...(archive.cuts.length === 0 ? ['  nothing'] : archive.cuts.map((c) => `  ${c}`)),
    '',
    'What could not be collected:',
    ...(archive.gaps.length === 0 ? ['  nothing'] : archive.gaps.map((g) => `  ${g}`)),
    '',
  ].join('\n');
}
