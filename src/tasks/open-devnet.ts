/**
 * Which devnet the user means, and whether it is there, before a command that works on a running
 * devnet (status, logs, health, dashboard, check, bundle) starts watching it. Without a name, the
 * one `up` last brought up here (current.ts). A devnet that is not there is said in so many words,
 * with the devnets that are and the command that reaches one of them.
 */
import { basename } from 'node:path';
import { kindClusters } from '../cluster/kind.js';
import { UserError } from '../errors/index.js';
import { Kube, KubeApiError } from '../kube/client.js';
import { commandLines, type CommandLines } from '../output/command-line.js';
import { theme } from '../output/theme.js';
import { devnetSelector } from '../render/labels.js';
import type { Io } from '../system/io.js';
import { withCurrent } from './current.js';
import { findPlaces, survey } from './fleet.js';
import { kindHere } from './kind-tool.js';
import { loadProfile, shippedProfiles, type LoadedProfile, type ProfileFlags } from './load-profile.js';
import { listRecords, type DevnetRecord } from './record.js';
import { failedCreate } from './retained.js';
import { reachableTarget, targetOf, type ClusterFlags, type Target } from './target.js';

export interface OpenDevnet<F> {
  /** The flags in effect: the user's, or the current devnet's when the user named none. */
  flags: F;
  loaded: LoadedProfile;
  target: Target;
  kube: Kube;
  /** Follow-up commands with those flags. */
  lines: CommandLines;
}

/** A kind cluster whose creation failed, its node kept for its logs (retained.ts): no devnet, and no API server to ask. */
export interface KeptNode<F> extends Omit<OpenDevnet<F>, 'kube'> {
  /** Why its creation failed, as up wrote it down. */
  kept: string;
}

/**
 * `command` is the devnet command being run (e.g. "status"), for the hint that points at another
 * devnet. A kind cluster kept after its creation failed holds no devnet: it is refused, unless
 * `keptNode` (bundle, which collects that node's logs) asks for it.
 */
export async function openDevnet<F extends ProfileFlags & ClusterFlags>(given: F, io: Io, command: string): Promise<OpenDevnet<F>>;
export async function openDevnet<F extends ProfileFlags & ClusterFlags>(given: F, io: Io, command: string, options: { keptNode: true }): Promise<OpenDevnet<F> | KeptNode<F>>;
export async function openDevnet<F extends ProfileFlags & ClusterFlags>(given: F, io: Io, command: string, options: { keptNode?: boolean } = {}): Promise<OpenDevnet<F> | KeptNode<F>> {
  const { flags, note } = await withCurrent(given, io);
  const loaded = await loadProfile(flags, io.cwd, 'existing');
  if (note !== undefined) io.stderr.write(`${theme(io.env, io.stderr).dim(`Using ${note}.`)}\n`);
  const planned = targetOf(loaded.topology.cluster, flags, io);
  const lines = commandLines(flags, planned);
  if (planned.provider === 'kind') {
    await requireKindCluster(planned, loaded, io, command, lines);
    const kept = await failedCreate(io, planned.clusterName);
    if (kept !== undefined) {
      if (options.keptNode === true) return { flags, loaded, target: planned, lines, kept };
      throw keptNode(loaded, planned, kept, lines);
    }
  }
  const target = await reachableTarget(loaded.topology.cluster, flags, io);
  const kube = Kube.connect(target);
  await requirePresent(kube, loaded, { label: where(target, kube), flags: { context: flags.context, kubeconfig: flags.kubeconfig }, command, lines }, io.signal);
  return { flags, loaded, target, kube, lines };
}

interface Place {
  label: string;
  flags: ClusterFlags;
  command: string;
  lines: CommandLines;
}

const where = (target: Target, kube: Kube) => (target.provider === 'kind' ? `kind cluster ${target.clusterName}` : `context ${kube.context}`);

async function requireKindCluster(target: Target, loaded: LoadedProfile, io: Io, command: string, lines: CommandLines): Promise<void> {
  // kind missing is said here, as `down` says it, not as a kubeconfig kind could not give.
  const clusters = await kindClusters(await kindHere(io, io.signal));
  if (clusters.includes(target.clusterName)) return;
  const { places } = await findPlaces(io, [], undefined, io.signal);
  const { rows } = await survey(places, io.signal).catch(() => ({ rows: [] }));
  const others = rows.map((r) => ({ record: r.found.record, label: r.place.label }));
  throw absent(loaded, `kind cluster ${target.clusterName}`, `There is no kind cluster ${target.clusterName}, so no devnet ${loaded.profile.name}.`, others, { command, lines, flags: {} }, await shippedProfiles());
}

function keptNode(loaded: LoadedProfile, target: Target, why: string, lines: CommandLines): UserError {
  return new UserError(`There is no devnet ${loaded.profile.name}: kind cluster ${target.clusterName} is a node kept after its creation failed.`, {
    details: why.split('\n'),
    hint: `${lines.devnet('bundle')} collects its logs; ${lines.devnet('down --cluster')} removes it, or ${lines.up('--recreate')} creates it again`,
  });
}

async function requirePresent(kube: Kube, loaded: LoadedProfile, place: Place, signal: AbortSignal): Promise<void> {
  const name = loaded.profile.name;
  let records: DevnetRecord[];
  let namespaces: number;
  try {
    records = (await listRecords(kube, signal)).map((f) => f.record);
    namespaces = (await kube.list('v1', 'Namespace', { labelSelector: devnetSelector(name), signal })).items.length;
  } catch (error) {
    // A user who may not list them cannot be told what is missing; the command itself says what it can.
    if (error instanceof KubeApiError && (error.status === 403 || error.status === 401)) return;
    throw error;
  }
  if (namespaces > 0 || records.some((r) => r.devnet === name)) return;
  const others = records.map((record) => ({ record, label: place.label }));
  throw absent(loaded, place.label, `There is no devnet ${name} in ${place.label}.`, others, place, await shippedProfiles());
}

function absent(loaded: LoadedProfile, label: string, message: string, others: { record: DevnetRecord; label: string }[], place: Pick<Place, 'command' | 'lines' | 'flags'>, shipped: string[]): UserError {
  const first = others[0];
  if (first === undefined) {
    return new UserError(message, {
      details: [`No devnet runs in ${label}.`],
      hint: `${place.lines.up()} creates it; devnet list shows the devnets on this machine`,
    });
  }
  const elsewhere = first.label !== label;
  const reach = commandLines({ profile: profileArg(first.record, shipped), set: nameSet(first.record), ...(elsewhere ? {} : place.flags) });
  return new UserError(message, {
    details: [`Devnets ${elsewhere ? 'on this machine' : 'there'}: ${others.map((o) => `${o.record.devnet} (${o.record.network}${o.label === label ? '' : `, ${o.label}`})`).join(', ')}.`],
    hint: `${reach.devnet(place.command)} for ${first.record.devnet}; ${place.lines.up()} creates ${loaded.profile.name}`,
  });
}

/** The profile as `up` was given it (relative to where up ran), a shipped profile by its name. */
function profileArg(record: DevnetRecord, shipped: string[]): string {
  const name = basename(record.profile, '.yaml');
  return shipped.includes(name) && record.profile.endsWith(`profiles/${name}.yaml`) ? name : record.profile;
}

/** A devnet named otherwise than its profile file was brought up with --set name=… */
function nameSet(record: DevnetRecord): string[] {
  return basename(record.profile, '.yaml') === record.devnet ? [] : [`name=${record.devnet}`];
}
