/**
 * The few REST calls the stand-ins make, as raw JSON over node:https. client-node's typed clients
 * re-serialize bodies through their models, which drops fields they do not know (and turns
 * `service: null` in a strategic merge patch into nothing), so the stand-ins speak JSON directly.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { request as httpsRequest, type RequestOptions } from 'node:https';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

export const isNotFound = (error: unknown): boolean => error instanceof ApiError && error.status === 404;

export interface ObjectRef {
  /** `v1` or `group/version`. */
  apiVersion: string;
  /** The plural resource name, as in the URL. */
  plural: string;
  namespace?: string;
  name?: string;
  subresource?: string;
}

export function objectPath(ref: ObjectRef): string {
  const root = ref.apiVersion.includes('/') ? `/apis/${ref.apiVersion}` : `/api/${ref.apiVersion}`;
  const namespace = ref.namespace === undefined ? '' : `/namespaces/${ref.namespace}`;
  const name = ref.name === undefined ? '' : `/${ref.name}`;
  const subresource = ref.subresource === undefined ? '' : `/${ref.subresource}`;
  return `${root}${namespace}/${ref.plural}${name}${subresource}`;
}

export type PatchType = 'apply' | 'strategic' | 'merge';

const CONTENT_TYPES: Record<PatchType, string> = {
  apply: 'application/apply-patch+yaml',
  strategic: 'application/strategic-merge-patch+json',
  merge: 'application/merge-patch+json',
};

export class Api {
  constructor(
    private readonly kc: KubeConfig,
    /** Every write is recorded under this field manager. */
    readonly fieldManager: string,
  ) {}

  /** The object, or undefined when it does not exist. */
  async get<T>(ref: ObjectRef): Promise<T | undefined> {
    try {
      return await this.send<T>('GET', objectPath(ref));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** Deletes the object; false when there was none. */
  async remove(ref: ObjectRef): Promise<boolean> {
    try {
      await this.send('DELETE', objectPath(ref));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  /** A patch of one object; `apply` is server-side apply with force, as a controller does. */
  patch<T>(ref: ObjectRef, body: object, type: PatchType): Promise<T> {
    const query = new URLSearchParams({ fieldManager: this.fieldManager });
    if (type === 'apply') query.set('force', 'true');
    return this.send<T>('PATCH', `${objectPath(ref)}?${query.toString()}`, body, CONTENT_TYPES[type]);
  }

  async send<T>(method: string, path: string, body?: object, contentType = 'application/json'): Promise<T> {
    return JSON.parse(await this.text(method, path, body, contentType)) as T;
  }

  /** The response body as text (for example `GET /metrics`); an HTTP error becomes an ApiError. */
  async text(method: string, path: string, body?: object, contentType = 'application/json'): Promise<string> {
    const server = this.kc.getCurrentCluster()?.server ?? '';
    const options: RequestOptions = { method, headers: { Accept: 'application/json, */*' } };
    await this.kc.applyToHTTPSOptions(options);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    if (payload !== undefined) options.headers = { ...options.headers, 'Content-Type': contentType };
    const { status, text } = await roundTrip(new URL(path, server), options, payload);
    if (status >= 400) throw apiError(status, text, `${method} ${path}`);
    return text;
  }
}

function roundTrip(url: URL, options: RequestOptions, payload: string | undefined): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, options, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      response.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

function apiError(status: number, text: string, what: string): ApiError {
  try {
    const parsed = JSON.parse(text) as { reason?: string; message?: string };
    return new ApiError(status, parsed.reason ?? '', `${what}: ${parsed.message ?? text}`);
  } catch {
    return new ApiError(status, '', `${what}: HTTP ${status} ${text}`);
  }
}
