/**
 * `devnet up -p linera-light` against the real API server: no operator is installed, the storage
 * server's local image is checked and brought to the "kind" node under its content tag, and each
 * validator's storage-init, shards and proxy come up against `service:` storage after the server is
 * ready. KWOK plays the kubelet (a PVC of class standard binds, a Job completes); only docker and kind
 * are fakes, and the host ports answer gRPC health as proxies would.
 */
import { describe, expect, onTestFinished, test } from 'vitest';
import type { Json } from '../support/objects.js';
import { devnetEnv } from './support/devnet-env.js';
import { servingHostPorts } from '../support/grpc-health.js';
import { unique } from '../support/names.js';
import { clusterKube } from './support/kube.js';

const IMAGE = 'devnet.local/linera-storage-server:0.15.23';

describe('devnet up on linera-light', () => {
  test('deploys the storage server and the validators over it with no operators; a second run changes nothing', { timeout: 300_000 }, async () => {
    const env = devnetEnv();
    const name = unique('ll');
    const base = await servingHostPorts(2);
    const args = ['-p', 'linera-light', '--set', `name=${name}`, '--validators', '2', '--seed', '7', '--set', `linera.exposure.hostPortBase=${base}`, '--set', 'cluster.reservedValidators=2'];
    onTestFinished(async () => {
      await env.devnet(['down', ...args]);
    });
    const up = (extra: string[] = []) => env.devnet(['up', ...args, '--skip-preflight', '--no-dashboard', '--timeout', '240', ...extra]);

    const first = await up(['-o', 'json']);
    expect(first.code, first.stderr).toBe(0);
    // The pre-pull's progress, as data: images done of the total and bytes, one event per image pulled.
    const events = first.stdout.trim().split('\n').map((l) => JSON.parse(l) as Json);
    const pulls = events.filter((e) => e.event === 'progress' && e.phase === 'pull');
    expect(pulls.length).toBeGreaterThan(0);
    expect(pulls.at(-1)).toMatchObject({ images: { done: pulls.at(-1)?.images.total }, bytes: expect.any(Number) });
    expect(pulls.at(-1)?.images.total).toBeGreaterThan(0);
    const bytes = pulls.map((e) => e.bytes as number);
    expect(bytes).toEqual([...bytes].sort((a, b) => a - b));
    expect(bytes.at(-1)).toBeGreaterThan(0);
    expect(first.stderr).toContain(`Local images: ${IMAGE} present in Docker`);
    expect(first.stderr).not.toContain('Prerequisites');
    expect(first.stderr).toMatch(/shared: storage ready[\s\S]*validator-0: storage-init ready[\s\S]*validator-0: shards ready[\s\S]*validator-0: proxy ready/);

    // How the image reaches the node (kind load, under a tag of its content) is proven with real
    // kind and Docker in the kind tier; here the pod names a devnet.local image and never pulls.
    const k = clusterKube();
    const server = (await k.get('apps/v1', 'StatefulSet', `${name}-shared`, 'storage')) as Json;
    expect(server.spec.template.spec.containers[0].image).toMatch(/^devnet\.local\/linera-storage-server:/);
    expect(server.spec.template.spec.containers[0].imagePullPolicy).not.toBe('Always');
    expect(server.status.readyReplicas).toBe(1);
    const claim = (await k.get('v1', 'PersistentVolumeClaim', `${name}-shared`, 'rocksdb-storage-0')) as Json;
    expect(claim.status.phase).toBe('Bound');
    const job = (await k.get('batch/v1', 'Job', `${name}-val-1`, 'storage-init')) as Json;
    expect(job.status.conditions.some((c: Json) => c.type === 'Complete' && c.status === 'True')).toBe(true);
    const commands = (await k.get('v1', 'ConfigMap', `${name}-val-1`, 'shards-commands')) as Json;
    expect(commands.data['replica-0.sh']).toContain(`--storage service:tcp:storage.${name}-shared.svc.cluster.local:7878:table_validator_1`);
    expect(await k.get('scylla.scylladb.com/v1', 'ScyllaCluster', `${name}-shared`, 'scylla').catch(() => undefined)).toBeUndefined();

    const second = await up(['-o', 'json']);
    expect(second.code, second.stderr).toBe(0);
    const ready = second.stdout.trim().split('\n').map((l) => JSON.parse(l) as Json).find((e) => e.event === 'ready');
    expect(ready.changed).toBe(0);
  });
});
