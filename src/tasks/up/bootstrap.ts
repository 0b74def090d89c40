/**
 * The bootstrap node's address (Codex: its signed peer record), known only once it runs: asked
 * from its REST API through the API server's pod proxy, or read from its log where it prints it.
 * Asked again with backoff until it answers; only --timeout and Ctrl-C end the wait.
 */
import { InterruptedError, NotReadyError } from '../../errors/index.js';
import { readLog } from '../../kube/logs.js';
import type { ComponentPlan } from '../../networks/topology.js';
import { abortedByDeadline, backoffMs, sleep } from '../../system/sleep.js';
import type { DeployContext } from './deploy.js';

const SPR = /\b(spr:[A-Za-z0-9_-]{16,})/;
/** Each ask through the pod proxy is bounded, so a node that accepts and never answers is asked again. */
const ASK_TIMEOUT_MS = 5000;

export async function discoverBootstrap(ctx: DeployContext, bootstrap: ComponentPlan): Promise<string> {
  const pod = bootstrap.replicas[0]?.pod ?? `${bootstrap.name}-0`;
  try {
    for (let attempt = 0; ; attempt++) {
      const address = await askOnce(ctx, bootstrap, pod);
      if (address !== undefined) return address;
      if (attempt === 3) ctx.note('shared', `waiting for ${pod} to give its address (its REST API or its log)`);
      await sleep(backoffMs(attempt, 250, 2000), ctx.signal);
    }
  } catch (error) {
    if (!(error instanceof InterruptedError) || !abortedByDeadline(ctx.signal)) throw error;
    throw new NotReadyError(`The bootstrap node ${bootstrap.namespace}/${pod} runs but did not give its address (SPR) before the deadline.`, {
      hint: `check its log (${ctx.lines.devnet(`logs shared/${pod}`)}) and the codex.bootstrap settings of the profile, or raise --timeout`,
    });
  }
}

async function askOnce(ctx: DeployContext, bootstrap: ComponentPlan, pod: string): Promise<string | undefined> {
  const api = bootstrap.discovery;
  const fromApi = api === undefined ? undefined : await viaProxy(ctx, bootstrap.namespace, pod, api).catch(() => undefined);
  if (fromApi !== undefined) return fromApi;
  if (ctx.signal.aborted) throw new InterruptedError();
  const log = await readLog(ctx.kube, bootstrap.namespace, pod, { container: bootstrap.name, tailLines: 500 }, ctx.signal).catch(() => undefined);
  return SPR.exec(log ?? '')?.[1];
}

async function viaProxy(ctx: DeployContext, namespace: string, pod: string, api: { port: number; path: string }): Promise<string | undefined> {
  let text = '';
  const timeout = AbortSignal.any([ctx.signal, AbortSignal.timeout(ASK_TIMEOUT_MS)]);
  await ctx.kube.transport.stream(`/api/v1/namespaces/${namespace}/pods/${pod}:${api.port}/proxy${api.path}`, {}, (chunk) => (text += chunk), timeout);
  return SPR.exec(text)?.[1];
}
