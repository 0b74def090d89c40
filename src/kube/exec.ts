/**
 * A command run in a pod's container through the API server, as `kubectl exec` runs it (the pods/exec
 * subresource over a WebSocket, through @kubernetes/client-node's Exec): its exit code and output.
 * For probes on clusters where devnet has no node of its own to run them from.
 */
import { Writable } from 'node:stream';
import { Exec, type KubeConfig, type V1Status } from '@kubernetes/client-node';
import { InterruptedError } from '../errors/index.js';

export interface ExecResult {
  /** The command's exit code; undefined when it never ran (then `failure` says why). */
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  /** The API's or the runtime's reason when the command could not run at all (e.g. no such executable). */
  failure?: string | undefined;
}

export interface ExecTarget {
  namespace: string;
  pod: string;
  container: string;
}

const collector = (into: string[]) =>
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      into.push(chunk.toString('utf8'));
      done();
    },
  });

/**
 * The exit code a Status on the error channel carries: 0 for Success, the ExitCode cause for
 * NonZeroExitCode (k8s.io/apimachinery remotecommand: errorDecoderV4), undefined when the command
 * did not run.
 */
export function exitCodeOf(status: V1Status): number | undefined {
  if (status.status === 'Success') return 0;
  if (status.reason !== 'NonZeroExitCode') return undefined;
  const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
  return cause?.message === undefined ? undefined : Number(cause.message);
}

export async function execIn(config: KubeConfig, target: ExecTarget, command: readonly string[], options: { timeoutMs: number; signal?: AbortSignal | undefined }): Promise<ExecResult> {
  if (options.signal?.aborted) throw new InterruptedError();
  const out: string[] = [];
  const err: string[] = [];
  let settle: (status: V1Status | undefined) => void = () => {};
  const finished = new Promise<V1Status | undefined>((resolve) => (settle = resolve));
  const socket = await new Exec(config).exec(target.namespace, target.pod, target.container, [...command], collector(out), collector(err), null, false, (status) => settle(status));
  socket.on('close', () => settle(undefined));
  const abort = () => socket.close();
  options.signal?.addEventListener('abort', abort, { once: true });
  const timer = setTimeout(abort, options.timeoutMs);
  try {
    const status = await finished;
    if (options.signal?.aborted) throw new InterruptedError();
    const result = { stdout: out.join(''), stderr: err.join('') };
    if (status === undefined) return { ...result, exitCode: undefined, failure: `no exit status within ${Math.round(options.timeoutMs / 1000)}s` };
    const exitCode = exitCodeOf(status);
    return { ...result, exitCode, failure: exitCode === undefined ? (status.message ?? status.reason ?? 'the command did not run') : undefined };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', abort);
    socket.close();
  }
}
