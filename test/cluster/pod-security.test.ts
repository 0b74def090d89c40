/**
 * Pod Security admission, as the real API server enforces it: the pods of every shipped profile
 * (built from the rendered StatefulSet and Job templates, as their controllers would) are dry-run
 * created in namespaces labelled pod-security.kubernetes.io/enforce. "baseline" admits them all;
 * "restricted" admits substrate's (the polkadot image runs as a non-root user) and refuses
 * Linera's and Codex's for one reason only: their images run as root.
 *
 * The images' users, from their Dockerfiles: parity/polkadot has USER parity, uid 1000 from
 * parity/base-bin (paritytech/dockerfiles base-bin/Dockerfile, `useradd -m -u 1000 -U`); Linera's
 * images come from debian:bookworm-slim stages with no USER (linera-protocol docker/Dockerfile and
 * docker/Dockerfile.exporter at 85d0237faf); nim-codex v0.2.5's docker/codex.Dockerfile has none.
 */
import { describe, expect, onTestFinished, test } from 'vitest';
import type { Kube} from '../../src/kube/client.js';
import { KubeApiError, type LiveObject } from '../../src/kube/client.js';
import { Informer } from '../../src/kube/informer.js';
import { waitFor } from '../../src/kube/wait.js';
import type { KubeObject } from '../../src/render/kube-object.js';
import type { Json } from '../support/objects.js';
import { SHIPPED } from '../support/profiles.js';
import { runCli } from '../support/run-cli.js';
import { unique } from '../support/names.js';
import { clusterKube } from './support/kube.js';

type Level = 'baseline' | 'restricted';

/** The first pod a StatefulSet or Job controller would create from the template. */
function podOf(workload: Json): LiveObject {
  const template = workload.spec.template;
  const claims: Json[] = workload.spec.volumeClaimTemplates ?? [];
  const name = `${workload.metadata.name}-0`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: workload.metadata.namespace, labels: template.metadata.labels },
    spec: {
      ...template.spec,
      ...(workload.kind === 'Job' ? {} : { hostname: name, subdomain: workload.spec.serviceName }),
      volumes: [...(template.spec.volumes ?? []), ...claims.map((c) => ({ name: c.metadata.name, persistentVolumeClaim: { claimName: `${c.metadata.name}-${name}` } }))],
    },
  };
}

async function renderedPods(kube: Kube, profile: string, level: Level): Promise<LiveObject[]> {
  const name = unique('psa');
  const rendered = await runCli(['render', '-p', profile, '--set', `name=${name}`, '-o', 'json', '--no-kind-config']);
  expect(rendered.code, rendered.stderr).toBe(0);
  const objects = (JSON.parse(rendered.stdout) as { items: KubeObject[] }).items;
  const namespaces = objects.filter((o) => o.kind === 'Namespace');
  onTestFinished(async () => {
    for (const ns of namespaces) await kube.delete('v1', 'Namespace', undefined, ns.metadata.name);
  });
  for (const ns of namespaces) {
    const labelled: LiveObject = { ...ns, metadata: { ...ns.metadata, labels: { ...ns.metadata.labels, 'pod-security.kubernetes.io/enforce': level } } };
    await kube.apply(labelled);
    await defaultServiceAccount(kube, ns.metadata.name);
  }
  return objects.filter((o) => o.kind === 'StatefulSet' || o.kind === 'Job').map(podOf);
}

/** Pods are refused until the controller-manager has made the namespace's default ServiceAccount. */
async function defaultServiceAccount(kube: Kube, namespace: string): Promise<void> {
  const accounts = new Informer(kube, 'v1', 'ServiceAccount', { namespace });
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 30_000);
  await accounts.start(controller.signal);
  try {
    await waitFor(accounts, (all) => all.some((a) => a.metadata.name === 'default'), controller.signal);
  } finally {
    clearTimeout(timer);
    accounts.stop();
  }
}

/** What Pod Security says about each pod: [] when admitted, else its list of violations. */
async function verdicts(kube: Kube, pods: LiveObject[]): Promise<Record<string, string[]>> {
  const result: Record<string, string[]> = {};
  for (const pod of pods) {
    const key = `${pod.metadata.namespace ?? ''}/${pod.metadata.name}`;
    try {
      await kube.create(pod, { dryRun: true });
      result[key] = [];
    } catch (error) {
      if (!(error instanceof KubeApiError)) throw error;
      const violations = /violates PodSecurity "[a-z]+:[a-z0-9.]+": (.*)$/.exec(error.apiMessage)?.[1];
      // Each violation reads `name (which pod or containers must set what)`, joined by ", ".
      result[key] = violations === undefined ? [`not a Pod Security refusal: ${error.apiMessage}`] : [...violations.matchAll(/(?:^|, )([^()]+?) \([^)]*\)/g)].map((m) => m[1] ?? '');
    }
  }
  return result;
}

describe('Pod Security admission on the real API server', () => {
  test.each(SHIPPED)('%s: every pod is admitted where "baseline" is enforced', { timeout: 120_000 }, async (profile) => {
    const kube = clusterKube();
    const pods = await renderedPods(kube, profile, 'baseline');
    expect(pods.length).toBeGreaterThan(0);
    const refused = Object.entries(await verdicts(kube, pods)).filter(([, v]) => v.length > 0);
    expect(refused).toEqual([]);
  });

  test('substrate: every pod is admitted where "restricted" is enforced', { timeout: 120_000 }, async () => {
    const kube = clusterKube();
    const pods = await renderedPods(kube, 'substrate', 'restricted');
    expect(Object.values(await verdicts(kube, pods))).toEqual(pods.map(() => []));
  });

  test.each(['linera', 'linera-production', 'codex'])('%s: under "restricted" the only objection is the root image (runAsNonRoot)', { timeout: 120_000 }, async (profile) => {
    const kube = clusterKube();
    const pods = await renderedPods(kube, profile, 'restricted');
    const seen = await verdicts(kube, pods);
    expect(Object.keys(seen).length).toBeGreaterThan(0);
    for (const [pod, violations] of Object.entries(seen)) expect(violations, pod).toEqual(['runAsNonRoot != true']);
  });
});
