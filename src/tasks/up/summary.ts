/**
 * The end of `up`: the local files a client needs (genesis, committee, the admin wallet in a 0700
 * directory), each validator's endpoint, and copy-pasteable environment lines.
 */
import { join } from 'node:path';
import { theme } from '../../output/theme.js';
import { ensurePrivateDir, writeAtomic } from '../../system/files.js';
import type { RendererChoice, StepTiming } from '../steps.js';
import { hostReach, reachOf, unreachableCommittee, validatorEndpoints } from '../reach.js';
import { devnetStateDir } from '../target.js';
import type { PullReport, UpContext } from './context.js';
import { formatBytes } from '../images/format.js';

/** The pull phase's images and bytes, which the dashboard shows beside its time. */
function phaseDetail(step: string, pull: PullReport | undefined): { detail?: string } {
  if (step !== 'pull' || pull === undefined) return {};
  return { detail: pull.pulled === 0 ? `${pull.present} in the node` : `${pull.pulled} image${pull.pulled === 1 ? '' : 's'}, ${formatBytes(pull.bytes)}` };
}

export interface UpResult {
  devnet: string;
  context: string;
  changed: number;
  unchanged: number;
  durationMs: number;
  /** Requests devnet made to the Kubernetes API during this run. */
  apiRequests: number;
  phases: { name: string; seconds: number; detail?: string }[];
  /** What the pre-pull did (kind only): images pulled, already there, loaded from Docker, and bytes. */
  images?: PullReport;
  endpoints: { validator: number; namespace: string; endpoints: { label: string; address: string }[] }[];
  files: Record<string, string>;
  env: Record<string, string>;
  /** What devnet knows will not work as printed, each with its fix. */
  warnings: { message: string; fix: string }[];
}

export async function writeSummary(ctx: UpContext, steps: StepTiming[], durationMs: number, renderer: RendererChoice): Promise<UpResult> {
  const dir = devnetStateDir(ctx.io, ctx.loaded.profile.name);
  await ensurePrivateDir(dir);
  const files = ctx.wallet?.files ?? {};
  const report = ctx.applier?.report;
  // On an existing cluster the host ports are not mapped: clients reach a node's NodePorts.
  const reach = ctx.kube === undefined ? hostReach(ctx.loaded.topology) : await reachOf(ctx.target, ctx.loaded.topology, ctx.kube, ctx.signal);
  const result: UpResult = {
    devnet: ctx.loaded.profile.name,
    context: ctx.kube?.context ?? '',
    changed: report?.applied.length ?? 0,
    unchanged: report?.unchanged ?? 0,
    durationMs,
    apiRequests: ctx.kube?.requests ?? 0,
    phases: [...steps.filter((s) => s.status === 'done').map((s) => ({ name: s.id, seconds: s.seconds, ...phaseDetail(s.id, ctx.pull) })), ...(ctx.phases?.list() ?? []).map((p) => ({ name: `validators/${p.name}`, seconds: p.seconds }))],
    endpoints: ctx.loaded.topology.validators.map((v) => ({ validator: v.index, namespace: v.namespace, endpoints: validatorEndpoints(v, reach) })),
    files,
    env: clientEnv(ctx, files),
    warnings: [unreachableCommittee(ctx.loaded.topology, reach), ...ctx.warnings].filter((w) => w !== undefined),
    ...(ctx.pull === undefined ? {} : { images: ctx.pull }),
  };
  await writeAtomic(join(dir, 'up.json'), `${JSON.stringify({ ...result, kubeconfig: ctx.target.kubeconfig, finishedAt: new Date().toISOString() }, null, 2)}\n`, 0o600);
  if (renderer === 'json') ctx.io.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), event: 'ready', ...result })}\n`);
  else ctx.io.stdout.write(`${humanSummary(ctx, result).join('\n')}\n`);
  return result;
}

/** The environment `linera` reads (LINERA_WALLET, LINERA_KEYSTORE, LINERA_STORAGE: linera-service 0.15.23 src/cli/net_up_utils.rs:221-244). */
function clientEnv(ctx: UpContext, files: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  if (ctx.target.provider === 'kind' && !ctx.flags.useContext) env.KUBECONFIG = ctx.target.kubeconfig;
  if (files['wallet.json'] !== undefined) {
    env.LINERA_WALLET = files['wallet.json'];
    if (files['keystore.json'] !== undefined) env.LINERA_KEYSTORE = files['keystore.json'];
    if (ctx.wallet?.storage !== undefined) env.LINERA_STORAGE = ctx.wallet.storage;
  }
  return env;
}

function humanSummary(ctx: UpContext, result: UpResult): string[] {
  const t = theme(ctx.io.env, ctx.io.stdout);
  const n = result.endpoints.length;
  const lines = [
    '',
    `${t.ok('✔')} ${t.bold(`devnet ${result.devnet} is ready`)} ${t.dim(`(${n} validator${n === 1 ? '' : 's'}, ${(result.durationMs / 1000).toFixed(1)}s, context ${result.context})`)}`,
    result.changed === 0 ? t.dim(`  nothing changed: ${result.unchanged} objects were already up to date`) : t.dim(`  ${result.changed} objects applied, ${result.unchanged} unchanged`),
    '',
  ];
  for (const v of result.endpoints) {
    for (const e of v.endpoints) lines.push(`  validator-${v.validator}  ${e.label.padEnd(16)} ${t.accent(e.address)}`);
  }
  const files = Object.entries(result.files);
  if (files.length > 0) lines.push('', ...files.map(([name, path]) => `  ${name.padEnd(15)} ${path}`));
  if (Object.keys(result.env).length > 0) lines.push('', t.dim('  # for clients and kubectl:'), ...Object.entries(result.env).map(([k, v]) => `  export ${k}=${v}`));
  if (ctx.wallet !== undefined && ctx.wallet.storage === undefined) lines.push('', t.warning('  the client storage is not prepared; before using the wallet, run:'), `  ${ctx.wallet.command ?? ''}`);
  for (const w of result.warnings) lines.push('', t.warning(`  ${w.message}`), `  fix: ${w.fix}`);
  if (result.env.LINERA_STORAGE !== undefined) lines.push('', t.dim(`  # then: linera wallet show · linera sync · linera query-balance · linera transfer 1 --from <chain> --to <chain>`));
  const next = [ctx.lines.devnet('status'), ctx.lines.devnet('logs -f'), ctx.lines.devnet('dashboard'), ctx.lines.devnet('down')];
  lines.push('', t.dim(`  next: ${next.join(' · ')}`));
  return lines;
}
