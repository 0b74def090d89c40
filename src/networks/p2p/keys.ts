/**
 * Per-replica keys of template-driven P2P networks. All replicas' keys of a component live in one
 * Secret, but a pod must see only its own: a StatefulSet has a single pod template, so no volume
 * can select an item by ordinal. The Secret volume lays each replica's files out in a directory
 * named after its pod (items key → <pod>/<file>), and the init container mounts only its own pod's
 * directory (subPathExpr $(DEVNET_POD_NAME), the pod's name from the downward API: Kubernetes
 * expands $(VAR) in subPathExpr from the container's environment). It copies those files into a
 * memory-backed emptyDir with mode 0600 (Codex refuses a key file that is not exactly 0600), and
 * only that emptyDir is mounted into the node container.
 */
import type { ComponentPlan, ContainerPlan, DataPlan, KeyRequest, MountPlan } from '../topology.js';
import { POD_INDEX_FIELD } from '../topology.js';
import type { P2pFlavour, Slot } from './flavour.js';

const SOURCE_DIR = '/devnet/key-source';

export interface KeyFile {
  /** File name in the key directory, also the Secret item and the material name. */
  file: string;
  type: KeyRequest['type'];
  format: KeyRequest['format'];
}

export function keyDirectory(flavour: P2pFlavour): string {
  return flavour.section.keys?.mountPath ?? '/keys';
}

interface KeyKind {
  prefix: string;
  type: KeyRequest['type'];
  format: KeyRequest['format'];
}

function prefixes(flavour: P2pFlavour): KeyKind[] {
  const keys = flavour.section.keys;
  return [
    ...(keys === null ? [] : [{ prefix: keys.fileName, type: keys.type, format: flavour.keyFormat }]),
    ...(flavour.extraKeys ?? []).map((k) => ({ prefix: k.fileName, type: k.type, format: k.format })),
  ];
}

export function keyFiles(flavour: P2pFlavour, index: number): KeyFile[] {
  return prefixes(flavour).map((k) => ({ file: `${k.prefix}-${index}`, type: k.type, format: k.format }));
}

export function keyPath(flavour: P2pFlavour, prefix: string, index: number): string {
  return `${keyDirectory(flavour)}/${prefix}-${index}`;
}

export function keyRequests(flavour: P2pFlavour, components: ComponentPlan[]): KeyRequest[] {
  return components.flatMap((c) => c.replicas.flatMap((r) => keyFiles(flavour, r.index).map((k) => ({ name: k.file, type: k.type, format: k.format }))));
}

export function keySecret(flavour: P2pFlavour, component: ComponentPlan): DataPlan {
  const names = prefixes(flavour).map((k) => k.prefix).join(', ');
  return {
    kind: 'Secret',
    name: secretName(component.name),
    namespace: component.namespace,
    validator: component.validator,
    component: component.name,
    purpose: `each replica's ${names} (<name>-<index>); a pod receives only its own, in ${keyDirectory(flavour)} with mode 0600`,
    entries: component.replicas.flatMap((r) => keyFiles(flavour, r.index).map((k) => ({ key: k.file, material: k.file }))),
  };
}

function secretName(component: string): string {
  return `${component}-keys`;
}

/** The node container's view: its own key files only. */
export function keyMounts(flavour: P2pFlavour): MountPlan[] {
  if (prefixes(flavour).length === 0) return [];
  return [{ volume: 'keys', path: keyDirectory(flavour), readOnly: true, source: { emptyDir: true, medium: 'Memory' } }];
}

/** Copies the files of this replica (index = first index of the component + ordinal) out of the Secret. */
export function keyCopier(flavour: P2pFlavour, component: string, first: Slot, image: string, replicas: readonly { pod: string; index: number }[]): ContainerPlan[] {
  const all = prefixes(flavour);
  if (all.length === 0) return [];
  const dir = keyDirectory(flavour);
  const items = replicas.flatMap((r) => keyFiles(flavour, r.index).map((k) => ({ key: k.file, path: `${r.pod}/${k.file}` })));
  const script = [
    'set -eu',
    `i=$((${first.index} + DEVNET_ORDINAL))`,
    `for name in ${all.map((k) => k.prefix).join(' ')}; do`,
    `  cp "${SOURCE_DIR}/$name-$i" "${dir}/$name-$i"`,
    `  chmod 0600 "${dir}/$name-$i"`,
    'done',
  ].join('\n');
  return [
    {
      name: 'keys',
      image,
      command: ['/bin/sh', '-c', script],
      env: [
        { name: 'DEVNET_ORDINAL', from: { field: POD_INDEX_FIELD } },
        { name: 'DEVNET_POD_NAME', from: { field: 'metadata.name' } },
      ],
      mounts: [
        { volume: 'key-source', path: SOURCE_DIR, readOnly: true, source: { secret: secretName(component), items, mode: 0o400 }, subPathExpr: '$(DEVNET_POD_NAME)' },
        { volume: 'keys', path: dir, readOnly: false, source: { emptyDir: true, medium: 'Memory' } },
      ],
    },
  ];
}
