/**
 * The hints devnet prints with a refusal from the Kubernetes API, by HTTP status, and for a kind
 * the cluster does not serve, by API group: what the user reads next to exit code 5.
 */
import { describe, expect, test } from 'vitest';
import { ClusterError, ExitCode } from '../../../src/errors/index.js';
import { missingKind } from '../../../src/kube/discovery.js';
import { KubeApiError } from '../../../src/kube/transport.js';

describe('a refusal from the API server', () => {
  test.each([
    [401, 'Unauthorized', 'your kubeconfig user lacks permission'],
    [403, 'Forbidden', 'your kubeconfig user lacks permission'],
    [404, 'NotFound', 'something it needs is missing, e.g. a CRD or a namespace'],
    [409, 'Conflict', 'run the command again'],
    [422, 'Invalid', 'the object is invalid for this cluster; devnet render shows what was sent'],
    [429, 'TooManyRequests', 'run the command again'],
    [500, 'InternalError', 'look at the API server (kubectl get events -A)'],
    [503, 'ServiceUnavailable', 'run the command again'],
  ])('%d %s: the hint says "%s"', (status, reason, hint) => {
    const error = new KubeApiError(status, reason, 'the message', '/api/v1/namespaces/x');
    expect(error).toBeInstanceOf(ClusterError);
    expect(error.exitCode).toBe(ExitCode.cluster);
    expect(error.message).toBe('The Kubernetes API refused /api/v1/namespaces/x: the message');
    expect(error.apiMessage).toBe('the message');
    expect(error.hint).toContain(hint);
  });
});

describe('a kind the cluster does not know', () => {
  test.each([
    ['scylla.scylladb.com/v1', 'ScyllaCluster', 'scylla-operator is not installed; devnet up installs it'],
    ['monitoring.coreos.com/v1', 'ServiceMonitor', 'set linera.serviceMonitor.enabled: false'],
    ['gateway.networking.k8s.io/v1', 'GRPCRoute', 'the Gateway API CRDs are not installed'],
    ['cert-manager.io/v1', 'Certificate', 'cert-manager is not installed; devnet up installs it'],
    ['example.org/v1alpha1', 'Widget', 'install the CRD that defines Widget'],
  ])('%s %s: the hint says "%s"', (apiVersion, kind, hint) => {
    const error = missingKind(apiVersion, kind);
    expect(error.exitCode).toBe(ExitCode.cluster);
    expect(error.message).toBe(`The cluster does not know ${kind} (${apiVersion}).`);
    expect(error.hint).toContain(hint);
  });
});
