/**
 * Applying rendered objects so that a second `up` changes nothing: each object carries the hash of
 * what was rendered; an object whose live hash matches is skipped. Objects whose immutable fields
 * changed (a Job's template, a StatefulSet's claims) are replaced. What devnet made earlier and no
 * longer renders is pruned.
 */
import { createHash } from 'node:crypto';
import { KubeApiError, type Kube, type LiveObject } from '../../kube/client.js';
import { devnetSelector } from '../../render/labels.js';
import type { KubeObject } from '../../render/kube-object.js';

export const APPLIED_HASH = 'devnet/applied-hash';
export const STATE_LABEL = 'devnet/state';

export function objectKey(o: { kind: string; metadata: { name: string; namespace?: string } }): string {
  return `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

/** JSON with keys sorted at every level, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

export function stamped(object: KubeObject): KubeObject {
  const hash = createHash('sha256').update(canonicalJson(object)).digest('hex').slice(0, 20);
  return { ...object, metadata: { ...object.metadata, annotations: { ...object.metadata.annotations, [APPLIED_HASH]: hash } } };
}

export interface ApplyReport {
  applied: string[];
  unchanged: number;
  replaced: string[];
}

export class Applier {
  /** Live hashes of what devnet made, by object key; filled by `load`. */
  private readonly live = new Map<string, string>();
  readonly report: ApplyReport = { applied: [], unchanged: 0, replaced: [] };

  constructor(
    private readonly kube: Kube,
    private readonly devnet: string,
    private readonly signal: AbortSignal,
  ) {}

  /** Reads what exists, one list per kind across namespaces. Kinds the cluster does not serve are skipped. */
  async load(kinds: readonly { apiVersion: string; kind: string }[]): Promise<void> {
    const selector = devnetSelector(this.devnet);
    // Every object devnet makes lives in one of its namespaces: none means nothing to read.
    const namespaces = await this.kube.list('v1', 'Namespace', { labelSelector: selector, signal: this.signal });
    if (namespaces.items.length === 0) return;
    await Promise.all(
      unique(kinds).map(async ({ apiVersion, kind }) => {
        if (!(await this.kube.discovery.has(apiVersion, kind, this.signal))) return;
        const { items } = await this.kube.list(apiVersion, kind, { labelSelector: selector, signal: this.signal });
        for (const item of items) this.live.set(objectKey(item), item.metadata.annotations?.[APPLIED_HASH] ?? '');
      }),
    );
  }

  has(object: KubeObject): boolean {
    return this.live.has(objectKey(object));
  }

  /** Namespaces first (everything else lives in them), then the rest in parallel. */
  async apply(objects: readonly KubeObject[], concurrency = 8): Promise<void> {
    await this.applyParallel(objects.filter((o) => o.kind === 'Namespace'), concurrency);
    await this.applyParallel(objects.filter((o) => o.kind !== 'Namespace'), concurrency);
  }

  private async applyParallel(objects: readonly KubeObject[], concurrency: number): Promise<void> {
    const queue = [...objects];
    const worker = async () => {
      for (let object = queue.shift(); object !== undefined; object = queue.shift()) await this.applyOne(stamped(object));
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  }

  private async applyOne(object: KubeObject): Promise<void> {
    const key = objectKey(object);
    const hash = object.metadata.annotations?.[APPLIED_HASH] ?? '';
    if (this.live.get(key) === hash) {
      this.report.unchanged++;
      return;
    }
    try {
      await this.kube.apply(object, { signal: this.signal });
    } catch (error) {
      if (!isImmutableChange(error)) throw error;
      await this.replace(object);
      this.report.replaced.push(key);
    }
    this.live.set(key, hash);
    this.report.applied.push(key);
  }

  /** Deletes and recreates an object whose immutable fields changed; storage-init is idempotent, pods come back. */
  private async replace(object: KubeObject): Promise<void> {
    const { apiVersion, kind, metadata } = object;
    await this.kube.delete(apiVersion, kind, metadata.namespace, metadata.name, this.signal);
    for (let i = 0; i < 100 && (await this.kube.get(apiVersion, kind, metadata.namespace, metadata.name, this.signal)) !== undefined; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await this.kube.apply(object, { signal: this.signal });
  }

  /** What devnet made before and no longer renders (except its state), to be deleted. */
  stale(rendered: readonly KubeObject[]): string[] {
    const wanted = new Set(rendered.map(objectKey));
    return [...this.live.keys()].filter((key) => !wanted.has(key));
  }
}

function isImmutableChange(error: unknown): boolean {
  return error instanceof KubeApiError && error.status === 422 && /field is immutable|updates to statefulset spec for fields other than/i.test(error.message);
}

function unique(kinds: readonly { apiVersion: string; kind: string }[]) {
  return [...new Map(kinds.map((k) => [`${k.apiVersion}/${k.kind}`, k])).values()];
}

export type { LiveObject };
