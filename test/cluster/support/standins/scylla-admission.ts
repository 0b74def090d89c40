/**
 * scylla-operator's validating webhook for `scylla.scylladb.com/v1` ScyllaClusters, reduced to
 * the checks the CRD schema cannot make (it marks no field required): a version, and non-zero
 * cpu and memory limits on every rack. The denial has the shape of the operator's own
 * (apierrors.NewInvalid in pkg/cmd/operator/webhooks.go; messages from
 * pkg/api/scylla/validation/cluster_validation.go). Every other object is allowed.
 */
import { allow, deny, type AdmissionRequest, type Verdict } from './admission.js';

interface Rack {
  name?: string;
  resources?: { limits?: Record<string, string | number> };
}

interface ScyllaClusterObject {
  metadata?: { name?: string };
  spec?: { version?: string; datacenter?: { racks?: Rack[] } };
}

interface FieldError {
  field: string;
  reason: 'FieldValueRequired';
  /** What follows `<field>: ` in the message. */
  body: string;
}

export function validateScyllaObject(request: AdmissionRequest): Verdict {
  const { group, version, resource } = request.resource;
  const isScyllaCluster = group === 'scylla.scylladb.com' && version === 'v1' && resource === 'scyllaclusters' && (request.subResource ?? '') === '';
  if (!isScyllaCluster || (request.operation !== 'CREATE' && request.operation !== 'UPDATE')) return allow();
  const cluster = (request.object ?? {}) as ScyllaClusterObject;
  const errors = scyllaClusterErrors(cluster);
  if (errors.length === 0) return allow();
  const name = cluster.metadata?.name ?? request.name ?? '';
  const lines = errors.map((e) => `${e.field}: ${e.body}`);
  // field.ErrorList.ToAggregate(): one error as is, several in brackets.
  const aggregate = lines.length === 1 ? (lines[0] ?? '') : `[${lines.join(', ')}]`;
  return deny({
    code: 422,
    reason: 'Invalid',
    message: `ScyllaCluster.scylla.scylladb.com "${name}" is invalid: ${aggregate}`,
    details: { name, group: 'scylla.scylladb.com', kind: 'ScyllaCluster', causes: errors.map((e) => ({ reason: e.reason, message: e.body, field: e.field })) },
  });
}

function scyllaClusterErrors(cluster: ScyllaClusterObject): FieldError[] {
  const errors: FieldError[] = [];
  if ((cluster.spec?.version ?? '') === '') errors.push({ field: 'spec.version', reason: 'FieldValueRequired', body: 'Required value' });
  (cluster.spec?.datacenter?.racks ?? []).forEach((rack, i) => {
    const limits = rack.resources?.limits;
    if (!nonZero(limits?.cpu) || !nonZero(limits?.memory)) {
      errors.push({ field: `spec.datacenter.racks[${i}].resources.limits`, reason: 'FieldValueRequired', body: 'Required value: set cpu, memory resource limits' });
    }
  });
  return errors;
}

/** Whether a resource quantity (`200m`, `1Gi`, `2`) is other than zero; a missing one is zero. */
export function nonZero(quantity: string | number | undefined): boolean {
  if (quantity === undefined) return false;
  const number = Number.parseFloat(String(quantity));
  return Number.isFinite(number) && number !== 0;
}
