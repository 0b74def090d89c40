/** devnet plan: the exact command line of every replica, like a dry run of each pod's start. */
import type { Io } from '../system/io.js';
import { formatProblem } from '../config/problem.js';
import { RUNTIME_ENV, type ComponentPlan, type RuntimeEnv, type Word } from '../networks/topology.js';
import { materialResolver } from '../render/data.js';
import { displayLine, shellLine } from '../render/shell.js';
import { theme } from '../output/theme.js';
import { formatSeconds } from '../tui/format.js';
import { UserError } from '../errors/index.js';
import { loadProfile, type ProfileFlags } from './load-profile.js';
import { materialFor } from './material.js';
import { describeEntry } from './chaos/words.js';
import { scheduleSection } from './explain.js';

export interface PlanFlags extends ProfileFlags {
  json: boolean;
  validator?: number | undefined;
  component?: string | undefined;
}

export interface ReplicaCommand {
  validator: number | null;
  namespace: string;
  component: string;
  pod: string;
  ordinal: number;
  index: number;
  argv: string[];
  /** The profile's environment for this replica (pod values as $VAR). */
  env: Record<string, string>;
  shell: string;
  /** The replica's log-keyword rule and where its pings go (`devnet health`). */
  health?: { keyword: string; withinSeconds: number; ping?: string };
}

export async function runPlan(flags: PlanFlags, io: Io): Promise<void> {
  const loaded = await loadProfile(flags, io.cwd);
  const t = theme(io.env, io.stdout);
  for (const warning of loaded.warnings) io.stderr.write(`${t.warning('warning')} ${formatProblem(warning)}\n`);
  const material = await materialFor(loaded, 'placeholder', io);
  const resolve = materialResolver(material, 'public');
  const components = loaded.topology.components.filter(
    (c) => (flags.validator === undefined || c.validator === flags.validator) && (flags.component === undefined || c.name === flags.component),
  );
  if (components.length === 0) {
    const names = [...new Set(loaded.topology.components.map((c) => c.name))].join(', ');
    throw new UserError('No replica matches --validator/--component.', { hint: `components of this devnet: ${names}; validators 0-${loaded.profile.validators - 1}` });
  }
  const commands: ReplicaCommand[] = components.flatMap((c) =>
    c.replicas.map((r) => ({
      validator: c.validator,
      namespace: c.namespace,
      component: c.name,
      pod: r.pod,
      ordinal: r.ordinal,
      index: r.index,
      argv: r.command.map((w) => displayWord(w, resolve)),
      env: { ...Object.fromEntries(profileEnv(c)), ...Object.fromEntries((r.env ?? []).map((e) => [e.name, displayWord(e.value, resolve)])) },
      shell: shellLine(r.command, resolve),
      ...healthOf(c, r.pod),
    })),
  );
  const notes = loaded.topology.notes ?? [];
  if (flags.json) {
    for (const note of notes) io.stderr.write(`${t.hint('note')} ${note}\n`);
    io.stdout.write(`${JSON.stringify({ devnet: loaded.profile.name, replicas: commands, chaos: loaded.profile.chaos.map((entry) => ({ ...entry, description: describeEntry(entry) })) }, null, 2)}\n`);
    return;
  }
  const chosen = notes.length === 0 ? [] : [t.bold('Chosen by devnet'), ...notes.map((n) => `  ${n}`), ''];
  io.stdout.write([...chosen, ...humanPlan(components, commands, resolve, t), ...scheduleSection(loaded.profile.chaos, t)].join('\n') + '\n');
}

function displayWord(word: Word, resolve: (name: string) => string): string {
  return word.map((seg) => ('env' in seg ? `$${seg.env}` : 'text' in seg ? seg.text : resolve(seg.material))).join('');
}

/** Literal environment the profile gives every replica of a component (devnet's own DEVNET_* values aside). */
function profileEnv(component: ComponentPlan): [string, string][] {
  return component.env.flatMap((e) => ('value' in e.from && !e.name.startsWith('DEVNET_') ? [[e.name, e.from.value] as [string, string]] : []));
}

function humanPlan(components: ComponentPlan[], commands: ReplicaCommand[], resolve: (name: string) => string, t: ReturnType<typeof theme>): string[] {
  const lines: string[] = [];
  const used = new Set<RuntimeEnv>();
  for (const component of components) {
    const owner = component.validator === null ? 'shared' : `validator-${component.validator}`;
    lines.push(t.bold(`${owner} / ${component.name}`) + t.dim(`  (${component.workload} in namespace ${component.namespace})`));
    for (const replica of component.replicas) {
      [...replica.command, ...(replica.env ?? []).map((e) => e.value)].flat().forEach((s) => 'env' in s && used.add(s.env));
      const command = commands.find((c) => c.namespace === component.namespace && c.pod === replica.pod);
      const env = Object.entries(command?.env ?? {}).map(([name, value]) => `${name}=${/[\s"'\\]/.test(value) || value === '' ? JSON.stringify(value) : value} `).join('');
      const text = component.workload === 'Job' ? (command?.argv.at(-1) ?? '') : `${env}${displayLine(replica.command, resolve)}`;
      const head = `  ${t.accent(replica.pod)}${component.workload === 'Job' ? '' : t.dim(` (index ${replica.index})`)}`;
      lines.push(component.workload === 'Job' ? `${head}\n${indent(text, 6)}` : `${head}\n      ${text}`);
      if (command?.health !== undefined) lines.push(t.dim(`      health: "${command.health.keyword}" at least every ${formatSeconds(command.health.withinSeconds)}${command.health.ping === undefined ? '' : `, pings ${command.health.ping}`}`));
    }
    lines.push('');
  }
  if (used.size > 0) {
    lines.push(t.dim('Values set inside each pod:'));
    for (const env of used) lines.push(t.dim(`  $${env}  ${RUNTIME_ENV[env]}`));
  }
  return lines;
}

function healthOf(component: ComponentPlan, pod: string): Pick<ReplicaCommand, 'health'> {
  const h = component.health;
  if (h === undefined) return {};
  const check = h.pings?.checks.find((c) => c.pod === pod)?.check;
  return { health: { keyword: h.keyword, withinSeconds: h.withinSeconds, ...(h.pings === undefined || check === undefined ? {} : { ping: `${h.pings.url}/${check}` }) } };
}

function indent(text: string, n: number): string {
  return text.split('\n').map((line) => `${' '.repeat(n)}${line}`).join('\n');
}
