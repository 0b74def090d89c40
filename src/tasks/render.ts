/** devnet render: every object `up` would create, and the kind cluster config, as YAML or JSON. */
import { join, resolve } from 'node:path';
import { UserError } from '../errors/index.js';
import type { Io } from '../system/io.js';
import { toJsonList, toYamlStream } from '../output/documents.js';
import { formatProblem } from '../config/problem.js';
import { renderObjects } from '../render/index.js';
import type { KubeObject } from '../render/kube-object.js';
import { ensurePrivateDir, writeAtomic, rm } from '../system/files.js';
import { kindConfigHere } from './host-facts.js';
import { loadProfile, type ProfileFlags } from './load-profile.js';
import { materialFor, placeholderNotice } from './material.js';
import { theme } from '../output/theme.js';

export interface RenderFlags extends ProfileFlags {
  output: 'yaml' | 'json';
  out?: string | undefined;
  showSecrets: boolean;
  generateKeys: boolean;
  kindConfig: boolean;
}

export async function runRender(flags: RenderFlags, io: Io): Promise<void> {
  const loaded = await loadProfile(flags, io.cwd);
  const t = theme(io.env, io.stderr);
  for (const warning of loaded.warnings) io.stderr.write(`${t.warning('warning')} ${formatProblem(warning)}\n`);
  const material = await materialFor(loaded, flags.generateKeys ? 'tools' : 'placeholder', io);
  const objects = renderObjects(loaded.topology, material, { showSecrets: flags.showSecrets, undiscovered: true });
  const adapted = flags.kindConfig && loaded.topology.cluster.provider === 'kind' ? await kindConfigHere(loaded.topology.cluster, io) : undefined;
  const kind = adapted?.config;
  for (const adaptation of adapted?.notes ?? []) io.stderr.write(`${t.hint('note')} ${adaptation}.\n`);
  const notice = placeholderNotice(material);
  if (notice !== undefined) io.stderr.write(`${t.hint('note')} ${notice}\n`);
  if (!flags.showSecrets) io.stderr.write(`${t.hint('note')} Secret data is redacted; --show-secrets prints it.\n`);
  if (flags.out !== undefined) {
    const dir = resolve(io.cwd, flags.out);
    await writeTree(dir, objects, kind, flags);
    io.stderr.write(`Wrote ${objects.length} objects${kind ? ' and the kind config' : ''} to ${dir}\n`);
    return;
  }
  const documents = [...(kind ? [kind] : []), ...objects];
  io.stdout.write(flags.output === 'json' ? toJsonList(documents) : toYamlStream(documents));
}

/** DIR/kind/cluster.yaml and DIR/kubernetes/<namespace>.yaml, so `kubectl apply -R -f DIR/kubernetes` works. */
async function writeTree(dir: string, objects: KubeObject[], kind: object | undefined, flags: RenderFlags): Promise<void> {
  if (flags.showSecrets) {
    const check = await ensurePrivateDir(dir);
    if (!check.ok) {
      throw new UserError(`${dir} is readable by other users (mode ${check.mode.toString(8)}), and --show-secrets would put keys in it.`, {
        hint: `run chmod 700 ${dir}, or choose a new directory`,
      });
    }
  }
  const mode = flags.showSecrets ? 0o600 : 0o644;
  const serialise = flags.output === 'json' ? toJsonList : toYamlStream;
  const ext = flags.output === 'json' ? 'json' : 'yaml';
  const byFile = new Map<string, KubeObject[]>();
  for (const object of objects) {
    const file = object.metadata.namespace ?? '_cluster';
    byFile.set(file, [...(byFile.get(file) ?? []), object]);
  }
  await rm(join(dir, 'kubernetes'), { recursive: true, force: true });
  if (kind) await writeAtomic(join(dir, 'kind', `cluster.${ext}`), serialise([kind]), 0o644);
  for (const [file, list] of byFile) await writeAtomic(join(dir, 'kubernetes', `${file}.${ext}`), serialise(list), mode);
}
