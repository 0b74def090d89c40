/**
 * The bootstrap node's address (Codex: its signed peer record), known only once it runs: asked
 * from its REST API through the API server's pod proxy, or read from its log where it prints it.
 * Asked again with backoff until it answers, saying now and then how long it has waited and how much
 * the node has logged; a node that cannot heal (crash loop, failed) ends the wait at once, as do
 * --timeout and Ctrl-C.
 */
import { InterruptedError, NotReadyError } from '../../errors/index.js';
import { readLog } from '../../kube/logs.js';
import type { ComponentPlan } from '../../networks/topology.js';
import { abortedByDeadline, backoffMs, sleep } from '../../system/sleep.js';
import { summarisePod } from '../../kube/conditions.js';
import { progressReporter } from '../waiting.js';
import type { DeployContext } from './deploy.js';
import { describeDiagnosis, diagnosePod } from './diagnose.js';

const SPR = /\b(spr:[A-Za-z0-9_-]{16,})/;
/** How much of its log is read each time: the address is printed at start-up. */
const LOG_LINES = 500;
/** Each ask through the pod proxy is bounded, so a node that accepts and never answers is asked again. */
const ASK_TIMEOUT_MS = 5000;

export async function discoverBootstrap(ctx: DeployContext, bootstrap: ComponentPlan): Promise<string> {
  const pod = bootstrap.replicas[0]?.pod ?? `${bootstrap.name}-0`;
  const report = progressReporter(ctx.deadline.seconds * 1000, (line) => ctx.note('shared', `${pod}: ${line}`), ctx.deadline.startedAt);
  try {
    for (let attempt = 0; ; attempt++) {
      const { address, lines } = await askOnce(ctx, bootstrap, pod);
      if (address !== undefined) return address;
      if (attempt === 3) ctx.note('shared', `waiting for ${pod} to give its address (its REST API or its log)`);
      await failedForGood(ctx, bootstrap, pod);
      report(`${pod} has logged ${lines === undefined ? 'nothing devnet could read' : `${lines}${lines >= LOG_LINES ? '+' : ''} line${lines === 1 ? '' : 's'}`}`);
      await sleep(backoffMs(attempt, 250, 2000), ctx.signal);
    }
  } catch (error) {
    if (!(error instanceof InterruptedError) || !abortedByDeadline(ctx.signal)) throw error;
    throw new NotReadyError(`The bootstrap node ${bootstrap.namespace}/${pod} runs but did not give its address (SPR) before the deadline.`, {
      hint: `check its log (${ctx.lines.devnet(`logs shared/${pod}`)}) and the codex.bootstrap settings of the profile, or raise --timeout`,
    });
  }
}

async function askOnce(ctx: DeployContext, bootstrap: ComponentPlan, pod: string): Promise<{ address?: string | undefined; lines?: number }> {
  const api = bootstrap.discovery;
  const fromApi = api === undefined ? undefined : await viaProxy(ctx, bootstrap.namespace, pod, api).catch(() => undefined);
  if (fromApi !== undefined) return { address: fromApi };
  if (ctx.signal.aborted) throw new InterruptedError();
  const log = await readLog(ctx.kube, bootstrap.namespace, pod, { container: bootstrap.name, tailLines: LOG_LINES }, ctx.signal).catch(() => undefined);
  if (log === undefined) return {};
  return { address: SPR.exec(log)?.[1], lines: log.split('\n').filter((line) => line !== '').length };
}

/** A bootstrap node that cannot heal will never give an address: say why now, not at --timeout. */
async function failedForGood(ctx: DeployContext, bootstrap: ComponentPlan, pod: string): Promise<void> {
  const live = ctx.watch.podsOf(bootstrap.namespace, bootstrap.name).find((p) => p.metadata.name === pod);
  if (live === undefined || !summarisePod(live).fatal) return;
  const diagnosis = await diagnosePod(ctx.kube, live, ctx.signal, ctx.lines);
  if (diagnosis?.fatal !== true) return;
  throw new NotReadyError(`The bootstrap node ${bootstrap.namespace}/${pod} cannot give its address: ${diagnosis.reason}.`, {
    details: describeDiagnosis(diagnosis),
    hint: diagnosis.hint,
    diagnosis: [diagnosis],
  });
}

async function viaProxy(ctx: DeployContext, namespace: string, pod: string, api: { port: number; path: string }): Promise<string | undefined> {
  let text = '';
  const timeout = AbortSignal.any([ctx.signal, AbortSignal.timeout(ASK_TIMEOUT_MS)]);
  await ctx.kube.transport.stream(`/api/v1/namespaces/${namespace}/pods/${pod}:${api.port}/proxy${api.path}`, {}, (chunk) => (text += chunk), timeout);
  return SPR.exec(text)?.[1];
}
