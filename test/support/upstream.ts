/**
 * The upstream manifests and CRDs the tests use, kept in the repository under
 * test/fixtures/upstream/ (sources, tags and sha256 in its README). The directory is laid out like
 * an offline `--manifests-dir`, so `devnet up --manifests-dir` can read it as it is.
 */
import { join } from 'node:path';

export const UPSTREAM_DIR = join(import.meta.dirname, '..', 'fixtures', 'upstream');

const at = (relative: string) => join(UPSTREAM_DIR, relative);

export const UPSTREAM = {
  certManager: at('manifests/cert-manager-v1.20.2/cert-manager.yaml'),
  scyllaOperator: at('manifests/scylla-operator-v1.21.1/operator.yaml'),
  scyllaClusterExample: at('manifests/scylla-operator-v1.21.1/examples/scylla.scyllacluster.yaml'),
  managerDevScyllaCluster: at('manifests/scylla-operator-v1.21.1/examples/manager-dev.scyllacluster.yaml'),
  gatewayCrd: at('crds/gateway-api-v1.6.1/gateway.networking.k8s.io_gateways.yaml'),
  grpcRouteCrd: at('crds/gateway-api-v1.6.1/gateway.networking.k8s.io_grpcroutes.yaml'),
  serviceMonitorCrd: at('crds/prometheus-operator-v0.93.0/monitoring.coreos.com_servicemonitors.yaml'),
} as const;
