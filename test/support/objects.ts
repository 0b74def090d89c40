/** Rendered objects are untyped JSON; tests read them field by field, as a kubectl user would. */
import type { KubeObject } from '../../src/render/kube-object.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- deliberately loose: a test reads arbitrary Kubernetes fields
export type Json = any;

export function findObject(objects: readonly KubeObject[], kind: string, namespace: string | undefined, name: string): Json {
  const found = objects.find((o) => o.kind === kind && o.metadata.namespace === namespace && o.metadata.name === name);
  if (found === undefined) throw new Error(`no ${kind} ${namespace ?? ''}/${name} among ${objects.length} objects`);
  return found;
}
