/** The shape of what render produces: plain Kubernetes objects, ready to serialise or apply. */

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

export function objectRef(object: KubeObject): string {
  const ns = object.metadata.namespace === undefined ? '' : `${object.metadata.namespace}/`;
  return `${object.kind} ${ns}${object.metadata.name}`;
}
