/**
 * HTTP to the Kubernetes API: authentication from the kubeconfig (through @kubernetes/client-node),
 * requests with retries on what heals by itself (an API server restarting, throttling), streams for
 * watches and logs, and a count of requests for the benchmarks.
 */
import { HttpMethod, KubeConfig, RequestContext } from '@kubernetes/client-node';
import { fetch, type Dispatcher } from 'undici';
import { ClusterError, InterruptedError } from '../errors/index.js';
import { execIn, type ExecResult, type ExecTarget } from './exec.js';
import { sleep } from '../system/sleep.js';

export interface KubeTarget {
  kubeconfig: string;
  /** The kubeconfig's text, when it is not (or should not be) on disk; `kubeconfig` then only names it. */
  kubeconfigYaml?: string | undefined;
  /** Context to use; the kubeconfig's current one when absent. */
  context?: string | undefined;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal | undefined;
  /** Statuses returned to the caller instead of thrown (e.g. 404 for "does not exist"). */
  accept?: number[];
}

/** An error the API server answered with (a Status object); a cluster error for the user (exit 5). */
export class KubeApiError extends ClusterError {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    readonly path: string,
  ) {
    super(`The Kubernetes API refused ${path}: ${message}`, { hint: hintFor(status) });
    this.apiMessage = message;
  }

  /** The API server's own message, without devnet's framing. */
  readonly apiMessage: string;
}

function hintFor(status: number): string {
  if (status === 401 || status === 403) return 'your kubeconfig user lacks permission: devnet needs to create namespaces and the objects in them';
  if (status === 422) return 'the object is invalid for this cluster; devnet render shows what was sent';
  if (status === 404) return 'something it needs is missing, e.g. a CRD or a namespace; devnet up installs what it needs';
  return 'run the command again; if it persists, look at the API server (kubectl get events -A)';
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
// About 40 s in all: long enough for an API server to restart (kind's takes 10-30 s).
const BACKOFF_MS = [100, 250, 500, 1000, 2000, 4000, 8000, 8000, 8000, 8000];
/** How many times one request is sent before its failure reaches the caller. */
export const REQUEST_ATTEMPTS = BACKOFF_MS.length + 1;
/**
 * How long a write already sent may go on after Ctrl-C or the deadline. Cutting it off can leave
 * the API server half-done: a server-side apply that creates a Service commits its node ports
 * before it writes the Service (k8s.io/apiserver v0.36.3, pkg/registry/generic/registry/store.go,
 * Update: BeginCreate's finish(true) inside the update function, lines 684-718), so an aborted
 * request leaks the ports until the API server's repair loop frees them minutes later.
 */
const WRITE_GRACE_MS = 10_000;

export class Transport {
  requests = 0;

  private constructor(
    private readonly config: KubeConfig,
    readonly server: string,
    readonly context: string,
  ) {}

  static connect(target: KubeTarget): Transport {
    const config = new KubeConfig();
    try {
      if (target.kubeconfigYaml !== undefined) config.loadFromString(target.kubeconfigYaml);
      else config.loadFromFile(target.kubeconfig);
      if (target.context !== undefined) config.setCurrentContext(target.context);
    } catch (error) {
      throw new ClusterError(`Could not read the kubeconfig ${target.kubeconfig}: ${(error as Error).message}.`, {
        hint: target.context === undefined ? 'check the file, or pass --kubeconfig' : `check that the context ${target.context} exists (kubectl config get-contexts)`,
      });
    }
    const cluster = config.getCurrentCluster();
    if (cluster === null) throw new ClusterError(`The kubeconfig ${target.kubeconfig} has no current cluster.`, { hint: 'pass --context' });
    return new Transport(config, cluster.server.replace(/\/$/, ''), config.getCurrentContext());
  }

  private async prepare(url: URL): Promise<{ headers: Record<string, string>; dispatcher: Dispatcher | undefined }> {
    const context = new RequestContext(url.toString(), HttpMethod.GET);
    await this.config.applySecurityAuthentication(context);
    return { headers: { ...context.getHeaders() }, dispatcher: context.getDispatcher() as Dispatcher | undefined };
  }

  url(path: string, query: RequestOptions['query'] = {}): URL {
    const url = new URL(this.server + path);
    for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, String(value));
    return url;
  }

  /** A JSON request; retried with backoff while the failure is one that heals by itself. */
  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<{ status: number; body: T }> {
    for (let attempt = 0; ; attempt++) {
      if (options.signal?.aborted) throw new InterruptedError();
      try {
        return await this.once<T>(method, path, options);
      } catch (error) {
        const delay = BACKOFF_MS[attempt];
        if (!retryable(error) || delay === undefined || options.signal?.aborted) throw translate(error, this.server, options.signal);
        await sleep(delay, options.signal);
      }
    }
  }

  private async once<T>(method: string, path: string, options: RequestOptions): Promise<{ status: number; body: T }> {
    const url = this.url(path, options.query);
    const { headers, dispatcher } = await this.prepare(url);
    headers.Accept = 'application/json';
    if (options.body !== undefined) headers['Content-Type'] = options.contentType ?? 'application/json';
    this.requests++;
    const signal = method === 'GET' ? { signal: options.signal, done: () => {} } : graceful(options.signal);
    let text: string;
    let response: Awaited<ReturnType<typeof fetch>>;
    try {
      response = await fetch(url, {
        method,
        headers,
        ...(dispatcher === undefined ? {} : { dispatcher }),
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
        ...(signal.signal === undefined ? {} : { signal: signal.signal }),
      });
      text = await response.text();
    } finally {
      signal.done();
    }
    const body = parseJson(text) as (T & { reason?: string; message?: string }) | undefined;
    if (response.ok || options.accept?.includes(response.status)) {
      if (body === undefined) throw new KubeApiError(response.status, 'BadResponse', `the API answered ${path} with something that is not JSON`, path);
      return { status: response.status, body };
    }
    throw new KubeApiError(response.status, body?.reason ?? response.statusText, body?.message ?? text.trim(), path);
  }

  /**
   * A request whose answer is not JSON (the pod proxy): the status and the raw body, whatever the
   * status. Not retried, so a probe reports what it saw.
   */
  async raw(method: string, path: string, options: { body?: string | Uint8Array | undefined; contentType?: string | undefined; signal?: AbortSignal | undefined } = {}): Promise<{ status: number; body: Uint8Array }> {
    const url = this.url(path);
    const { headers, dispatcher } = await this.prepare(url);
    if (options.contentType !== undefined) headers['Content-Type'] = options.contentType;
    this.requests++;
    try {
      const response = await fetch(url, {
        method,
        headers,
        ...(dispatcher === undefined ? {} : { dispatcher }),
        ...(options.body === undefined ? {} : { body: options.body }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
      return { status: response.status, body: new Uint8Array(await response.arrayBuffer()) };
    } catch (error) {
      throw translate(error, this.server, options.signal);
    }
  }

  /** A command in a pod's container (pods/exec, as kubectl exec runs it); connection failures are a ClusterError. */
  async exec(target: ExecTarget, command: readonly string[], options: { timeoutMs: number; signal?: AbortSignal | undefined }): Promise<ExecResult> {
    this.requests++;
    try {
      return await execIn(this.config, target, command, options);
    } catch (error) {
      if (error instanceof InterruptedError) throw error;
      // The WebSocket upgrade refused (ws: "Unexpected server response: 403"): the API answered, it did not allow it.
      const refused = /Unexpected server response: (\d+)/.exec(error instanceof Error ? error.message : '');
      if (refused !== null) {
        const path = `/api/v1/namespaces/${target.namespace}/pods/${target.pod}/exec`;
        throw new KubeApiError(Number(refused[1]), 'ExecRefused', `exec in ${target.namespace}/${target.pod} answered HTTP ${refused[1]}`, path);
      }
      throw translate(error, this.server, options.signal);
    }
  }

  /** A streaming GET (watch, logs): calls `onChunk` with text as it arrives until the stream ends. */
  async stream(path: string, query: RequestOptions['query'], onChunk: (text: string) => void, signal: AbortSignal): Promise<void> {
    const url = this.url(path, query);
    const { headers, dispatcher } = await this.prepare(url);
    this.requests++;
    let response;
    try {
      response = await fetch(url, { method: 'GET', headers, signal, ...(dispatcher === undefined ? {} : { dispatcher }) });
    } catch (error) {
      throw translate(error, this.server, signal);
    }
    if (!response.ok) {
      const text = await response.text();
      let parsed: { reason?: string; message?: string } = {};
      try {
        parsed = JSON.parse(text) as typeof parsed;
      } catch {
        parsed = { message: text };
      }
      throw new KubeApiError(response.status, parsed.reason ?? response.statusText, parsed.message ?? text, path);
    }
    if (response.body === null) return;
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body) onChunk(decoder.decode(chunk as Uint8Array, { stream: true }));
    } catch (error) {
      if (signal.aborted) return;
      throw translate(error, this.server, signal);
    }
  }
}

function parseJson(text: string): unknown {
  if (text === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function retryable(error: unknown): boolean {
  if (error instanceof KubeApiError) return RETRYABLE_STATUS.has(error.status);
  return error instanceof TypeError || (error instanceof Error && /ECONNREFUSED|ECONNRESET|EPIPE|socket|other side closed/i.test(`${error.message} ${String(error.cause)}`));
}

function translate(error: unknown, server: string, signal: AbortSignal | undefined): Error {
  if (signal?.aborted) return new InterruptedError();
  if (error instanceof KubeApiError) return error;
  const cause = error instanceof Error ? `${error.message}${error.cause ? `: ${String((error.cause as Error).message ?? error.cause)}` : ''}` : String(error);
  return new ClusterError(`Could not reach the Kubernetes API at ${server} (${cause}).`, {
    hint: 'check that the cluster is running (devnet doctor, kind get clusters) and that your kubeconfig points at it',
  });
}

/** A signal for a write: it follows `outer` only WRITE_GRACE_MS after `outer` aborted (see above). */
function graceful(outer: AbortSignal | undefined): { signal: AbortSignal | undefined; done: () => void } {
  if (outer === undefined) return { signal: undefined, done: () => {} };
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const onAbort = () => {
    timer = setTimeout(() => controller.abort(outer.reason), WRITE_GRACE_MS);
    timer.unref();
  };
  outer.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    done: () => {
      outer.removeEventListener('abort', onAbort);
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}
