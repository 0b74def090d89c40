/**
 * ConfigMaps and Secrets. Secret material only ever lands in a Secret's data; asking for it in a
 * ConfigMap or a command line is a bug and fails the render.
 */
import { createHash } from 'node:crypto';
import type { Material } from '../networks/material.js';
import type { ComponentPlan, DataPlan, ReplicaPlan, Topology } from '../networks/topology.js';
import { commandFile, commandsConfigMap } from '../networks/naming.js';
import type { KubeObject } from './kube-object.js';
import { ANNOTATION, labels } from './labels.js';
import { shellLine, shellWord } from './shell.js';

export interface RenderOptions {
  /** Put real Secret data in the output; otherwise every value is replaced by a redaction note. */
  showSecrets: boolean;
  /**
   * Also render what waits for a value devnet discovers at run time, empty, so the output applies
   * on its own (`devnet render | kubectl apply`); `up` applies it only once the value is known.
   */
  undiscovered?: boolean;
}

export function materialResolver(material: Material, purpose: 'public' | 'secret') {
  return (name: string): string => {
    const entry = material.entries.get(name);
    if (entry === undefined) throw new Error(`key material "${name}" was not generated`);
    if (entry.secret && purpose === 'public') throw new Error(`key material "${name}" is secret and cannot be used outside a Secret`);
    return entry.text;
  };
}

/** A ConfigMap of a value devnet discovers at run time is not rendered until the value is known. */
export function awaitsDiscovery(plan: DataPlan, material: Material, options?: RenderOptions): boolean {
  return options?.undiscovered !== true && plan.untilDiscovered !== undefined && (material.entries.get(plan.untilDiscovered)?.text ?? '') === '';
}

export function dataObject(topology: Topology, plan: DataPlan, material: Material, options: RenderOptions): KubeObject {
  const resolve = materialResolver(material, plan.kind === 'Secret' ? 'secret' : 'public');
  const values = Object.fromEntries(plan.entries.map((entry) => [entry.key, 'text' in entry ? entry.text : resolve(entry.material)]));
  const binary = new Set(plan.entries.filter((entry) => 'material' in entry && material.entries.get(entry.material)?.encoding === 'base64').map((entry) => entry.key));
  const metadata = {
    name: plan.name,
    namespace: plan.namespace,
    labels: labels({ devnet: topology.name, network: topology.network, validator: plan.validator, component: plan.component }),
    ...(plan.kind === 'Secret' && material.origin === 'placeholder' ? { annotations: { [ANNOTATION.placeholder]: 'true' } } : {}),
  };
  if (plan.kind === 'ConfigMap') return { apiVersion: 'v1', kind: 'ConfigMap', metadata, data: values };
  const data = Object.fromEntries(
    Object.entries(values).map(([key, text]) => {
      const bytes = binary.has(key) ? Buffer.from(text, 'base64') : Buffer.from(text);
      return [key, (options.showSecrets ? bytes : Buffer.from(redacted(bytes.length))).toString('base64')];
    }),
  );
  return { apiVersion: 'v1', kind: 'Secret', metadata, type: 'Opaque', data };
}

function redacted(bytes: number): string {
  return `REDACTED (${bytes} bytes): devnet render --show-secrets prints it`;
}

export interface CommandsConfigMap {
  object: KubeObject;
  /** Changes whenever a command line changes, so the pods roll. */
  hash: string;
}

export function commandsObject(topology: Topology, component: ComponentPlan, material: Material): CommandsConfigMap {
  const resolve = materialResolver(material, 'public');
  const data = Object.fromEntries(
    component.replicas.map((replica) => [commandFile(replica.ordinal), commandScript(topology, component, replica, resolve)]),
  );
  return {
    object: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: commandsConfigMap(component.name),
        namespace: component.namespace,
        labels: labels({ devnet: topology.name, network: topology.network, validator: component.validator, component: component.name }),
      },
      data,
    },
    hash: createHash('sha256').update(JSON.stringify(data)).digest('hex').slice(0, 16),
  };
}

/** The replica's own environment (values that differ per replica) is exported before its command runs. */
function commandScript(topology: Topology, component: ComponentPlan, replica: ReplicaPlan, resolve: (name: string) => string): string {
  const owner = component.validator === null ? 'shared' : `validator-${component.validator}`;
  const exports = (replica.env ?? []).map((e) => `export ${e.name}=${shellWord(e.value, resolve)}\n`).join('');
  const prelude = component.prelude === undefined ? '' : `${component.prelude}\n`;
  return `# ${component.name} replica ${replica.ordinal} of ${owner} in devnet ${topology.name}; rendered by devnet, do not edit\n${prelude}${exports}exec ${shellLine(replica.command, resolve)}\n`;
}
