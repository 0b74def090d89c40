/**
 * What "ready" means for each kind devnet waits on, and how a pod is summed up, one row per
 * situation the API server can report. Status shapes follow the API (apps/v1, batch/v1,
 * apiextensions.k8s.io/v1, scylla.scylladb.com/v1 and core/v1 Pod status).
 */
import { describe, expect, test } from 'vitest';
import type { LiveObject } from '../../../src/kube/client.js';
import {
  crdEstablished,
  deploymentAvailable,
  failingContainer,
  fatalGraceMs,
  jobState,
  scyllaClusterReady,
  statefulSetReady,
  summarisePod,
  type PodObject,
  type PodSummary,
} from '../../../src/kube/conditions.js';

const object = (kind: string, fields: { generation?: number; spec?: object; status?: object } = {}): LiveObject => ({
  apiVersion: 'v1',
  kind,
  metadata: { name: 'x', namespace: 'ns', ...(fields.generation === undefined ? {} : { generation: fields.generation }) },
  ...(fields.spec ? { spec: fields.spec } : {}),
  ...(fields.status ? { status: fields.status } : {}),
});
const cond = (type: string, status: 'True' | 'False', extra: object = {}) => ({ type, status, ...extra });

describe('statefulSetReady', () => {
  const sts = (status: object, generation = 2, replicas = 2) => object('StatefulSet', { generation, spec: { replicas }, status });
  const rolled = { observedGeneration: 2, readyReplicas: 2, updatedReplicas: 2, currentRevision: 'r2', updateRevision: 'r2' };
  test.each([
    ['every replica ready and updated, revision rolled out', sts(rolled), true],
    ['the controller has not seen the last change yet', sts({ ...rolled, observedGeneration: 1 }), false],
    ['one replica not ready', sts({ ...rolled, readyReplicas: 1 }), false],
    ['one replica still on the old template', sts({ ...rolled, updatedReplicas: 1 }), false],
    ['the rollout has not finished (revisions differ)', sts({ ...rolled, updateRevision: 'r3' }), false],
    ['no status at all (just created)', object('StatefulSet', { generation: 1, spec: { replicas: 1 } }), false],
    ['scaled to zero', sts({ observedGeneration: 2, currentRevision: 'r2', updateRevision: 'r2' }, 2, 0), true],
  ])('%s → %s', (_, o, ready) => expect(statefulSetReady(o)).toBe(ready));
});

describe('deploymentAvailable', () => {
  const dep = (status: object) => object('Deployment', { generation: 3, spec: { replicas: 2 }, status });
  const good = { observedGeneration: 3, updatedReplicas: 2, availableReplicas: 2, conditions: [cond('Available', 'True')] };
  test.each([
    ['Available, every replica updated and available', dep(good), true],
    ['Available is False', dep({ ...good, conditions: [cond('Available', 'False')] }), false],
    ['no Available condition', dep({ ...good, conditions: [] }), false],
    ['an old generation observed', dep({ ...good, observedGeneration: 2 }), false],
    ['a replica not available yet', dep({ ...good, availableReplicas: 1 }), false],
    ['a replica on the old template', dep({ ...good, updatedReplicas: 1 }), false],
  ])('%s → %s', (_, o, available) => expect(deploymentAvailable(o)).toBe(available));
});

describe('jobState', () => {
  const job = (...conditions: object[]) => object('Job', { status: { conditions } });
  test.each([
    ['Complete=True', job(cond('Complete', 'True')), 'complete'],
    ['Failed=True (backoff limit reached)', job(cond('Failed', 'True', { reason: 'BackoffLimitExceeded' })), 'failed'],
    ['Complete=False', job(cond('Complete', 'False')), 'running'],
    ['SuccessCriteriaMet only (completion on its way)', job(cond('SuccessCriteriaMet', 'True')), 'running'],
    ['no conditions', job(), 'running'],
  ])('%s → %s', (_, o, state) => expect(jobState(o)).toBe(state));
});

describe('crdEstablished', () => {
  test.each([
    ['Established=True', [cond('NamesAccepted', 'True'), cond('Established', 'True')], true],
    ['Established=False', [cond('Established', 'False')], false],
    ['names accepted, not established yet', [cond('NamesAccepted', 'True')], false],
  ])('%s → %s', (_, conditions, established) => expect(crdEstablished(object('CustomResourceDefinition', { status: { conditions } }))).toBe(established));
});

describe('scyllaClusterReady', () => {
  const cluster = (conditions: object[]) => object('ScyllaCluster', { generation: 4, status: { conditions } });
  const current = { observedGeneration: 4 };
  const available = cond('Available', 'True', current);
  const settled = cond('Progressing', 'False', current);
  const healthy = cond('Degraded', 'False', current);
  test.each([
    ['Available, not Progressing, not Degraded, for this generation', cluster([available, settled, healthy]), true],
    ['the same conditions without observedGeneration', cluster([cond('Available', 'True'), cond('Progressing', 'False'), cond('Degraded', 'False')]), true],
    ['still Progressing', cluster([available, cond('Progressing', 'True', current), healthy]), false],
    ['Degraded', cluster([available, settled, cond('Degraded', 'True', current)]), false],
    ['Available for an older generation', cluster([cond('Available', 'True', { observedGeneration: 3 }), settled, healthy]), false],
    ['no Available condition yet', cluster([settled, healthy]), false],
  ])('%s → %s', (_, o, ready) => expect(scyllaClusterReady(o)).toBe(ready));
});

describe('summarisePod', () => {
  const container = (state: object, extra: object = {}) => ({ name: 'node', ready: false, restartCount: 0, state, ...extra });
  const pod = (status: PodObject['status'], extra: Partial<PodObject['metadata']> = {}): PodObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'node-0', namespace: 'ns', ...extra },
    spec: { containers: [{ name: 'node', image: 'example.org/node:1' }] },
    status,
  });
  const running = { phase: 'Running', conditions: [cond('Ready', 'True')], containerStatuses: [{ name: 'node', ready: true, restartCount: 2, state: { running: {} }, lastState: { terminated: { exitCode: 137 } } }] };
  const rows: [string, PodObject, Partial<PodSummary>][] = [
    ['running and Ready', pod(running), { state: 'ready', ready: '1/1', restarts: 2, lastExitCode: 137, fatal: false }],
    ['being deleted (whatever its phase)', pod(running, { deletionTimestamp: '2026-01-01T00:00:00Z' }), { state: 'terminating', fatal: false }],
    ['a Job pod that finished', pod({ phase: 'Succeeded', containerStatuses: [container({ terminated: { exitCode: 0, reason: 'Completed' } })] }), { state: 'succeeded', fatal: false }],
    ['a pod that failed for good', pod({ phase: 'Failed', containerStatuses: [container({ terminated: { exitCode: 1, reason: 'Error', message: 'boom' } })] }), { state: 'failed', reason: 'Error', message: 'boom', fatal: true }],
    ['unschedulable', pod({ phase: 'Pending', conditions: [cond('PodScheduled', 'False', { reason: 'Unschedulable', message: '0/1 nodes: insufficient cpu' })] }), { state: 'pending', reason: 'Unschedulable', message: '0/1 nodes: insufficient cpu', fatal: false }],
    ['scheduled, pulling its image', pod({ phase: 'Pending', conditions: [cond('PodScheduled', 'True')], containerStatuses: [container({ waiting: { reason: 'ContainerCreating' } })] }), { state: 'waiting', reason: 'ContainerCreating', fatal: false }],
    ['no status yet', pod(undefined), { state: 'pending', ready: '0/1', restarts: 0, fatal: false }],
    ['an image that does not exist', pod({ phase: 'Pending', containerStatuses: [container({ waiting: { reason: 'ErrImagePull', message: 'manifest unknown' } })] }), { state: 'failing', reason: 'ErrImagePull', fatal: true }],
    ['a pull that may heal (registry timeout)', pod({ phase: 'Pending', containerStatuses: [container({ waiting: { reason: 'ErrImagePull', message: 'i/o timeout' } })] }), { state: 'failing', reason: 'ErrImagePull', fatal: false }],
    ['kubelet backing off a pull', pod({ phase: 'Pending', containerStatuses: [container({ waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image' } })] }), { state: 'failing', reason: 'ImagePullBackOff', fatal: true }],
    ['a missing ConfigMap or Secret', pod({ phase: 'Pending', containerStatuses: [container({ waiting: { reason: 'CreateContainerConfigError', message: 'secret "keys" not found' } })] }), { state: 'failing', reason: 'CreateContainerConfigError', fatal: true }],
    ['a crash loop after a restart', pod({ phase: 'Running', containerStatuses: [container({ waiting: { reason: 'CrashLoopBackOff' } }, { restartCount: 1, lastState: { terminated: { exitCode: 2 } } })] }), { state: 'failing', reason: 'CrashLoopBackOff', lastExitCode: 2, fatal: true }],
    ['a crash loop before any restart counted', pod({ phase: 'Running', containerStatuses: [container({ waiting: { reason: 'CrashLoopBackOff' } })] }), { state: 'failing', fatal: false }],
    ['an init container crash-looping', pod({ phase: 'Pending', initContainerStatuses: [container({ waiting: { reason: 'CrashLoopBackOff' } }, { name: 'wait', restartCount: 3 })], containerStatuses: [container({ waiting: { reason: 'PodInitializing' } })] }), { state: 'failing', reason: 'CrashLoopBackOff', fatal: true }],
    ['running, readiness probe not passing yet', pod({ phase: 'Running', conditions: [cond('Ready', 'False')], containerStatuses: [container({ running: {} })] }), { state: 'starting', reason: 'not ready yet', fatal: false }],
    ['a phase the API server does not know', pod({ phase: 'Unknown' }), { state: 'unknown', fatal: false }],
  ];
  test.each(rows)('%s', (_, p, expected) => expect(summarisePod(p)).toMatchObject(expected));

  test('the failing container is the crash-looping one, else one with a previous termination', () => {
    const crash = pod({ phase: 'Running', initContainerStatuses: [container({ terminated: { exitCode: 0 } }, { name: 'init' })], containerStatuses: [container({ waiting: { reason: 'CrashLoopBackOff' } }, { name: 'app' })] });
    expect(failingContainer(crash)).toBe('app');
    const restarted = pod({ phase: 'Running', containerStatuses: [container({ running: {} }, { name: 'app', lastState: { terminated: { exitCode: 1 } } })] });
    expect(failingContainer(restarted)).toBe('app');
    expect(failingContainer(pod(running))).toBe('node');
    expect(failingContainer(pod({ phase: 'Running', containerStatuses: [container({ running: {} })] }))).toBeUndefined();
  });

  test.each([
    ['CrashLoopBackOff', 20_000],
    ['ErrImagePull', 0],
    ['CreateContainerConfigError', 0],
  ])('a pod failing with %s is given up on after %d ms', (reason, ms) => {
    expect(fatalGraceMs({ state: 'failing', ready: '0/1', restarts: 1, reason, fatal: true })).toBe(ms);
  });
});
