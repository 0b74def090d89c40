/** What goes into a bundle, one collector per part; each adds files to the archive. */
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { stringify } from 'yaml';
import { exportKindLogs } from '../../cluster/kind.js';
import type { Kube, LiveObject } from '../../kube/client.js';
import { readLog } from '../../kube/logs.js';
import { PREREQUISITES } from '../../prereqs/versions.js';
import { isFile, readText } from '../../system/files.js';
import type { Io } from '../../system/io.js';
import { kindHere } from '../kind-tool.js';
import { version } from '../../system/version.js';
import type { LoadedProfile } from '../load-profile.js';
import { devnetStateDir, type Target } from '../target.js';
import { DevnetWatch } from '../up/readiness.js';
import { PRUNABLE_KINDS } from '../up/teardown.js';
import { buildView } from '../view.js';
import { jsonView } from '../status.js';
import type { Archive } from './archive.js';
import { presentable } from './redact.js';
import { devnetSelector } from '../../render/labels.js';

export const LOG_TAIL_LINES = 2000;
const LOG_LIMIT_BYTES = 1024 * 1024;
const EVENTS_KEPT = 2000;

export interface BundleSources {
  io: Io;
  loaded: LoadedProfile;
  target: Target;
  kube: Kube;
  namespaces: string[];
  signal: AbortSignal;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

export async function collectStatus(src: BundleSources, archive: Archive): Promise<string> {
  const watch = new DevnetWatch(src.kube, src.loaded.profile.name, src.loaded.topology.scylla.length > 0);
  try {
    await watch.start(src.signal);
    const view = buildView(src.loaded.topology, watch.snapshot(), { devnet: src.loaded.profile.name, network: src.loaded.topology.network, context: src.kube.context, phases: [] });
    archive.add('status.json', json(jsonView(view, Date.now())));
    const pods = view.validators.flatMap((v) => v.components.flatMap((c) => c.pods));
    return `${pods.filter((p) => p.state === 'ready' || p.state === 'succeeded').length}/${pods.length} pods ready`;
  } finally {
    watch.stop();
  }
}

type Pod = LiveObject & { spec?: { containers?: { name: string }[]; initContainers?: { name: string }[] }; status?: Record<string, unknown> };

export async function podsOf(src: BundleSources): Promise<Pod[]> {
  const lists = await Promise.all(src.namespaces.map((namespace) => src.kube.list<Pod>('v1', 'Pod', { namespace, signal: src.signal })));
  return lists.flatMap((l) => l.items);
}

export async function collectPods(src: BundleSources, archive: Archive, pods: Pod[]): Promise<string> {
  const events = await Promise.all(src.namespaces.map((namespace) => src.kube.list('v1', 'Event', { namespace, signal: src.signal })));
  const all = events.flatMap((l) => l.items) as (LiveObject & { involvedObject?: { kind?: string; name?: string } })[];
  for (const pod of pods) {
    const own = all.filter((e) => e.involvedObject?.kind === 'Pod' && e.involvedObject.name === pod.metadata.name && e.metadata.namespace === pod.metadata.namespace);
    const { metadata, spec, status } = presentable(pod) as Pod;
    archive.add(`pods/${pod.metadata.namespace ?? ''}/${pod.metadata.name}.json`, json({ metadata, spec, status, events: own.map(eventLine) }));
  }
  return `${pods.length} pods described`;
}

export async function collectLogs(src: BundleSources, archive: Archive, pods: Pod[]): Promise<string> {
  let files = 0;
  for (const pod of pods) {
    const containers = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c) => c.name);
    for (const container of containers) {
      for (const previous of [false, true]) {
        const text = await readLog(src.kube, pod.metadata.namespace ?? '', pod.metadata.name, { container, previous, tailLines: LOG_TAIL_LINES, limitBytes: LOG_LIMIT_BYTES, timestamps: true }, src.signal).catch(() => undefined);
        if (text === undefined || text === '') continue;
        const name = `logs/${pod.metadata.namespace ?? ''}/${pod.metadata.name}/${container}${previous ? '.previous' : ''}.log`;
        if (text.split('\n').length > LOG_TAIL_LINES) archive.cut(`${name}: the last ${LOG_TAIL_LINES} lines`);
        else if (Buffer.byteLength(text) >= LOG_LIMIT_BYTES) archive.cut(`${name}: the last ${LOG_LIMIT_BYTES} bytes`);
        archive.add(name, text);
        files++;
      }
    }
  }
  archive.cut(`every container log: at most its last ${LOG_TAIL_LINES} lines and ${LOG_LIMIT_BYTES} bytes`);
  return `${files} logs`;
}

export async function collectEvents(src: BundleSources, archive: Archive): Promise<string> {
  const { items } = await src.kube.list('v1', 'Event', { signal: src.signal });
  const sorted = items.map((e) => eventLine(e as LiveObject)).sort((a, b) => a.time.localeCompare(b.time));
  if (sorted.length > EVENTS_KEPT) archive.cut(`events.json: the newest ${EVENTS_KEPT} of ${sorted.length} events`);
  archive.add('events.json', json(sorted.slice(-EVENTS_KEPT)));
  return `${Math.min(sorted.length, EVENTS_KEPT)} cluster events`;
}

function eventLine(event: LiveObject): { time: string; namespace: string; object: string; type: string; reason: string; message: string; count: number } {
  const e = event as LiveObject & { lastTimestamp?: string; eventTime?: string; firstTimestamp?: string; involvedObject?: { kind?: string; name?: string }; type?: string; reason?: string; message?: string; count?: number };
  return {
    time: e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp ?? '',
    namespace: e.metadata.namespace ?? '',
    object: `${e.involvedObject?.kind ?? ''}/${e.involvedObject?.name ?? ''}`,
    type: e.type ?? '',
    reason: e.reason ?? '',
    message: e.message ?? '',
    count: e.count ?? 1,
  };
}

export async function collectObjects(src: BundleSources, archive: Archive): Promise<string> {
  const selector = devnetSelector(src.loaded.profile.name);
  const found: LiveObject[] = [];
  for (const { apiVersion, kind } of PRUNABLE_KINDS) {
    if (!(await src.kube.discovery.has(apiVersion, kind, src.signal))) continue;
    found.push(...(await src.kube.list(apiVersion, kind, { labelSelector: selector, signal: src.signal })).items);
  }
  archive.add('objects.yaml', found.map((o) => stringify(presentable(o), { lineWidth: 0 })).join('---\n'));
  return `${found.length} objects (Secret data redacted)`;
}

export async function collectProfile(src: BundleSources, archive: Archive): Promise<string> {
  // The seed derives the keys: it is key material and stays out.
  const profile = { ...src.loaded.profile, ...(src.loaded.profile.seed === undefined ? {} : { seed: 'REDACTED (keys are derived from it)' }) };
  archive.add('profile.yaml', `# ${src.loaded.file}, with defaults and --set overrides applied\n${stringify(profile, { lineWidth: 0 })}`);
  const server = await serverVersion(src);
  archive.add('versions.json', json({ devnet: version(), node: process.version, kubernetes: server ?? 'unknown', prerequisites: Object.fromEntries(PREREQUISITES.map((p) => [p.name, p.version])) }));
  const upRecord = join(devnetStateDir(src.io, src.loaded.profile.name), 'up.json');
  if (await isFile(upRecord)) {
    const record = JSON.parse(await readText(upRecord)) as { durationMs?: number; phases?: unknown; finishedAt?: string; changed?: number; unchanged?: number };
    archive.add('timings.json', json({ lastUp: { finishedAt: record.finishedAt, durationMs: record.durationMs, changed: record.changed, unchanged: record.unchanged, phases: record.phases } }));
  } else {
    archive.gap('timings.json', `no finished devnet up on this machine for ${src.loaded.profile.name}`);
  }
  return 'profile, versions and timings';
}

async function serverVersion(src: BundleSources): Promise<string | undefined> {
  try {
    return (await src.kube.transport.request<{ gitVersion?: string }>('GET', '/version', { signal: src.signal })).body.gitVersion;
  } catch {
    return undefined;
  }
}

export async function collectKindLogs(src: BundleSources, archive: Archive): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'devnet-kind-logs-'));
  try {
    await exportKindLogs(src.target.clusterName, dir, await kindHere(src.io, src.signal));
    const files = await walk(dir);
    for (const file of files) archive.add(`kind/${relative(dir, file)}`, await readFile(file, 'utf8'));
    return `${files.length} files from kind export logs`;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else if (entry.isFile() && (await stat(path)).size > 0) out.push(path);
  }
  return out.sort();
}
