/**
 * The bootstrap node's address (Codex: its signed peer record), known only once it runs: asked
 * from its REST API through the API server's pod proxy, or read from its log where it prints it.
 */
import { NotReadyError } from '../../errors/index.js';
import { readLog } from '../../kube/logs.js';
import type { ComponentPlan } from '../../networks/topology.js';
import type { DeployContext } from './deploy.js';

const SPR = /\b(spr:[A-Za-z0-9_-]{16,})/;

export async function discoverBootstrap(ctx: DeployContext, bootstrap: ComponentPlan): Promise<string> {
  const pod = bootstrap.replicas[0]?.pod ?? `${bootstrap.name}-0`;
  const api = bootstrap.discovery;
  const deadline = Date.now() + 120_000;
  while (!ctx.signal.aborted && Date.now() < deadline) {
    const fromApi = api === undefined ? undefined : await viaProxy(ctx, bootstrap.namespace, pod, api).catch(() => undefined);
    if (fromApi !== undefined) return fromApi;
    const log = await readLog(ctx.kube, bootstrap.namespace, pod, { container: bootstrap.name, tailLines: 500 }, ctx.signal).catch(() => undefined);
    const fromLog = SPR.exec(log ?? '')?.[1];
    if (fromLog !== undefined) return fromLog;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new NotReadyError(`The bootstrap node ${bootstrap.namespace}/${pod} runs but did not give its address (SPR).`, {
    hint: `check its log (devnet logs ${pod}) and the codex.bootstrap settings of the profile`,
  });
}

async function viaProxy(ctx: DeployContext, namespace: string, pod: string, api: { port: number; path: string }): Promise<string | undefined> {
  let text = '';
  const timeout = AbortSignal.any([ctx.signal, AbortSignal.timeout(5000)]);
  await ctx.kube.transport.stream(`/api/v1/namespaces/${namespace}/pods/${pod}:${api.port}/proxy${api.path}`, {}, (chunk) => (text += chunk), timeout);
  return SPR.exec(text)?.[1];
}
