/** Where each kind lives in the API (its plural and whether it is namespaced), from API discovery. */
import { ClusterError } from '../errors/index.js';
import { KubeApiError, type Transport } from './transport.js';

export interface ResourceInfo {
  apiVersion: string;
  kind: string;
  plural: string;
  namespaced: boolean;
}

interface ApiResourceList {
  resources: { name: string; kind: string; namespaced: boolean }[];
}

export class Discovery {
  private readonly groups = new Map<string, Promise<Map<string, ResourceInfo>>>();

  constructor(private readonly transport: Transport) {}

  async resource(apiVersion: string, kind: string, signal?: AbortSignal): Promise<ResourceInfo> {
    const found = (await this.group(apiVersion, signal)).get(kind);
    if (found === undefined) throw missingKind(apiVersion, kind);
    return found;
  }

  async has(apiVersion: string, kind: string, signal?: AbortSignal): Promise<boolean> {
    return (await this.group(apiVersion, signal)).has(kind);
  }

  /** Forget what was learnt, e.g. after CRDs were installed. */
  reset(apiVersion?: string): void {
    if (apiVersion === undefined) this.groups.clear();
    else this.groups.delete(apiVersion);
  }

  private group(apiVersion: string, signal?: AbortSignal): Promise<Map<string, ResourceInfo>> {
    let cached = this.groups.get(apiVersion);
    if (cached === undefined) {
      cached = this.load(apiVersion, signal);
      cached.catch(() => this.groups.delete(apiVersion));
      this.groups.set(apiVersion, cached);
    }
    return cached;
  }

  private async load(apiVersion: string, signal?: AbortSignal): Promise<Map<string, ResourceInfo>> {
    const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    try {
      const { body } = await this.transport.request<ApiResourceList>('GET', path, { signal });
      const map = new Map<string, ResourceInfo>();
      for (const r of body.resources) if (!r.name.includes('/')) map.set(r.kind, { apiVersion, kind: r.kind, plural: r.name, namespaced: r.namespaced });
      return map;
    } catch (error) {
      if (error instanceof KubeApiError && error.status === 404) return new Map();
      throw error;
    }
  }
}

export function missingKind(apiVersion: string, kind: string): ClusterError {
  const hints: Record<string, string> = {
    'scylla.scylladb.com': 'scylla-operator is not installed; devnet up installs it (or see devnet doctor)',
    'monitoring.coreos.com': 'the Prometheus operator is not installed; install it or set linera.serviceMonitor.enabled: false',
    'gateway.networking.k8s.io': 'the Gateway API CRDs are not installed; install them or use linera.exposure.ingress instead',
    'cert-manager.io': 'cert-manager is not installed; devnet up installs it',
  };
  const group = apiVersion.split('/')[0] ?? '';
  return new ClusterError(`The cluster does not know ${kind} (${apiVersion}).`, { hint: hints[group] ?? `install the CRD that defines ${kind}` });
}

export function resourcePath(info: ResourceInfo, namespace?: string, name?: string): string {
  const base = info.apiVersion.includes('/') ? `/apis/${info.apiVersion}` : `/api/${info.apiVersion}`;
  const ns = info.namespaced && namespace !== undefined ? `/namespaces/${namespace}` : '';
  return `${base}${ns}/${info.plural}${name === undefined ? '' : `/${name}`}`;
}
