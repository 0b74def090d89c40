/**
 * The images a prerequisite's pinned manifest runs, read from the manifest itself: every container
 * and init container of its workloads (Deployments, DaemonSets, StatefulSets, Jobs, CronJobs, Pods).
 * CRDs describe `image` fields too, as schema; only workload documents are read, so those never count.
 */
import { parse } from 'yaml';

const WORKLOADS = new Set(['Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod']);

interface PodSpec {
  containers?: { image?: string }[];
  initContainers?: { image?: string }[];
}

interface Workload {
  kind?: string;
  metadata?: { name?: string };
  spec?: PodSpec & { template?: { spec?: PodSpec }; jobTemplate?: { spec?: { template?: { spec?: PodSpec } } } };
}

export interface ManifestImage {
  image: string;
  /** kind/name of the workloads that run it, e.g. Deployment/cert-manager-webhook. */
  users: string[];
}

export function manifestImages(text: string): ManifestImage[] {
  const found = new Map<string, ManifestImage>();
  // Documents are split by hand and only workloads parsed: scylla-operator's manifest is 50k lines of CRDs.
  for (const document of text.split(/^---\s*$/m)) {
    const kind = /^kind:\s*(\S+)/m.exec(document)?.[1];
    if (kind === undefined || !WORKLOADS.has(kind)) continue;
    const workload = parse(document) as Workload | null;
    if (workload === null || workload.kind !== kind) continue;
    const user = `${kind}/${workload.metadata?.name ?? '?'}`;
    for (const image of podImages(podSpecOf(workload))) {
      const entry = found.get(image) ?? { image, users: [] };
      if (!entry.users.includes(user)) entry.users.push(user);
      found.set(image, entry);
    }
  }
  return [...found.values()];
}

function podSpecOf(workload: Workload): PodSpec | undefined {
  if (workload.kind === 'Pod') return workload.spec;
  if (workload.kind === 'CronJob') return workload.spec?.jobTemplate?.spec?.template?.spec;
  return workload.spec?.template?.spec;
}

function podImages(spec: PodSpec | undefined): string[] {
  return [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])].map((c) => c.image).filter((i): i is string => typeof i === 'string' && i !== '');
}
