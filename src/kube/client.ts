/**
 * The Kubernetes client devnet uses everywhere: server-side apply with one field manager, get,
 * list, delete, by apiVersion and kind. Everything returns plain objects.
 */
import { Discovery, resourcePath } from './discovery.js';
import { KubeApiError, Transport, type KubeTarget } from './transport.js';

export const FIELD_MANAGER = 'devnet';

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  resourceVersion?: string;
  uid?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  ownerReferences?: { kind: string; name: string; uid: string }[];
}

export interface LiveObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

export interface ListOptions {
  namespace?: string | undefined;
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
  signal?: AbortSignal | undefined;
}

export interface ObjectList<T = LiveObject> {
  items: T[];
  resourceVersion: string;
}

export class Kube {
  readonly discovery: Discovery;

  constructor(readonly transport: Transport) {
    this.discovery = new Discovery(transport);
  }

  static connect(target: KubeTarget): Kube {
    return new Kube(Transport.connect(target));
  }

  get context(): string {
    return this.transport.context;
  }

  get requests(): number {
    return this.transport.requests;
  }

  async path(apiVersion: string, kind: string, namespace?: string, name?: string, signal?: AbortSignal): Promise<string> {
    return resourcePath(await this.discovery.resource(apiVersion, kind, signal), namespace, name);
  }

  /** Server-side apply: devnet owns the fields it sets and takes them back if someone else changed them. */
  async apply<T extends LiveObject>(object: { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } }, options: { dryRun?: boolean; signal?: AbortSignal | undefined } = {}): Promise<T> {
    const path = await this.path(object.apiVersion, object.kind, object.metadata.namespace, object.metadata.name, options.signal);
    const { body } = await this.transport.request<T>('PATCH', path, {
      query: { fieldManager: FIELD_MANAGER, force: true, ...(options.dryRun ? { dryRun: 'All' } : {}) },
      body: object,
      contentType: 'application/apply-patch+yaml',
      signal: options.signal,
    });
    return body;
  }

  async create<T extends LiveObject>(object: LiveObject | { apiVersion: string; kind: string; metadata: { name?: string; generateName?: string; namespace?: string } }, options: { dryRun?: boolean; signal?: AbortSignal } = {}): Promise<T> {
    const path = await this.path(object.apiVersion, object.kind, object.metadata.namespace, undefined, options.signal);
    const { body } = await this.transport.request<T>('POST', path, {
      query: { fieldManager: FIELD_MANAGER, ...(options.dryRun ? { dryRun: 'All' } : {}) },
      body: object,
      signal: options.signal,
    });
    return body;
  }

  async get<T extends LiveObject = LiveObject>(apiVersion: string, kind: string, namespace: string | undefined, name: string, signal?: AbortSignal): Promise<T | undefined> {
    const path = await this.path(apiVersion, kind, namespace, name, signal);
    const { status, body } = await this.transport.request<T>('GET', path, { accept: [404], signal });
    return status === 404 ? undefined : body;
  }

  async list<T extends LiveObject = LiveObject>(apiVersion: string, kind: string, options: ListOptions = {}): Promise<ObjectList<T>> {
    const path = await this.path(apiVersion, kind, options.namespace, undefined, options.signal);
    const { body } = await this.transport.request<{ items: T[]; metadata: { resourceVersion: string } }>('GET', path, {
      query: { labelSelector: options.labelSelector, fieldSelector: options.fieldSelector },
      signal: options.signal,
    });
    const items = body.items.map((item) => ({ ...item, apiVersion, kind }));
    return { items, resourceVersion: body.metadata.resourceVersion };
  }

  /**
   * Sets the replicas of a workload through its scale subresource, under a field manager of its own:
   * a server-side apply of only the replicas as "devnet" would drop every other field devnet owns,
   * and the next `up` (which applies the whole object with force) takes the replicas back.
   */
  async scale(apiVersion: string, kind: string, namespace: string, name: string, replicas: number, signal?: AbortSignal): Promise<void> {
    const path = `${await this.path(apiVersion, kind, namespace, name, signal)}/scale`;
    await this.transport.request('PATCH', path, { query: { fieldManager: `${FIELD_MANAGER}-chaos` }, body: { spec: { replicas } }, contentType: 'application/merge-patch+json', signal });
  }

  /** Deletes; returns false when there was nothing to delete. */
  async delete(apiVersion: string, kind: string, namespace: string | undefined, name: string, signal?: AbortSignal, propagationPolicy: 'Background' | 'Foreground' = 'Background'): Promise<boolean> {
    const path = await this.path(apiVersion, kind, namespace, name, signal);
    const { status } = await this.transport.request('DELETE', path, { body: { propagationPolicy }, accept: [404], signal });
    return status !== 404;
  }

}

export { KubeApiError };
