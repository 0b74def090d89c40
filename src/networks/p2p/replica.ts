/** One replica of a template-driven P2P component: its ports, template values, command line and environment. */
import { PlanError } from '../../config/plan-error.js';
import { podHost, podName, validatorNamespace } from '../naming.js';
import type { HostExposure, ReplicaPlan, Word } from '../topology.js';
import { optionWords, renderCommand, renderValue } from './command.js';
import type { P2pFlavour, Section, Slot } from './flavour.js';
import { keyPath } from './keys.js';
import { runtime } from './templates.js';

/** NodePorts of replica `index`: base + offset × index for every port with a nodePort. */
export function exposures(section: Section, index: number): HostExposure[] {
  return Object.entries(section.ports).flatMap(([name, spec]) => {
    if (spec.nodePort === undefined) return [];
    const nodePort = spec.nodePort.base + spec.nodePort.offset * index;
    return [{ portName: name, protocol: spec.protocol, nodePort, hostPort: nodePort }];
  });
}

/** The port the process binds: fixed for every replica, or (nodePort.bind) this replica's NodePort. */
export function boundPort(section: Section, name: string, index: number): number | undefined {
  const spec = section.ports[name];
  if (spec === undefined) return undefined;
  if (spec.nodePort?.bind === true) return spec.nodePort.base + spec.nodePort.offset * index;
  return spec.port;
}

function templatePorts(section: Section, index: number, replicaExposures: HostExposure[]) {
  return Object.fromEntries(
    Object.keys(section.ports).map((name) => {
      const exposed = replicaExposures.find((e) => e.portName === name);
      return [name, { port: boundPort(section, name, index), ...(exposed ? { nodePort: exposed.nodePort, hostPort: exposed.hostPort } : {}) }];
    }),
  );
}

export function replica(flavour: P2pFlavour, slot: Slot, bootstrapAddress: string, errors: PlanError[]): ReplicaPlan {
  const { section, profile } = flavour;
  const replicaExposures = exposures(section, slot.index);
  const context = {
    index: slot.index,
    ordinal: slot.ordinal,
    validator: slot.validator ?? -1,
    replicas: section.replicas,
    devnet: profile.name,
    namespace: slot.namespace,
    component: slot.component,
    pod: { name: podName(slot.component, slot.ordinal), address: runtime('DEVNET_POD_IP') },
    node: { address: runtime('DEVNET_NODE_IP') },
    ports: templatePorts(section, slot.index, replicaExposures),
    ...(section.keys === null ? {} : { key: { path: keyPath(flavour, section.keys.fileName, slot.index) } }),
    bootstrap: { address: bootstrapAddress },
  };
  const command = renderCommand(
    { path: [flavour.sectionKey], command: [...section.command, ...(flavour.subcommand ?? [])], args: section.args, form: flavour.argForm },
    context,
    errors,
  );
  const env = Object.entries(section.env).map(([name, template]) => ({ name, value: renderValue(template, context, [flavour.sectionKey, 'env', name], errors) }));
  return {
    ordinal: slot.ordinal,
    index: slot.index,
    pod: podName(slot.component, slot.ordinal),
    command: [...command, ...bootnodeArgs(flavour, slot, errors), ...collect(() => flavour.extraWords?.(slot) ?? [], errors)],
    exposures: replicaExposures,
    env,
  };
}

function collect(fn: () => Word[], errors: PlanError[]): Word[] {
  try {
    return fn();
  } catch (error) {
    if (!(error instanceof PlanError)) throw error;
    if (!errors.some((e) => e.message === error.message)) errors.push(error);
    return [];
  }
}

/** `--bootnodes /dns/<first node>/tcp/<its p2p port>/p2p/<its peer id>` for every node but the first. */
function bootnodeArgs(flavour: P2pFlavour, slot: Slot, errors: PlanError[]): Word[] {
  const { section, profile } = flavour;
  if (flavour.bootnodes === undefined || slot.index === 0 || section.keys?.type !== 'ed25519') return [];
  const name = flavour.bootnodes.port;
  const port = boundPort(section, name, 0);
  if (port === undefined) {
    errors.push(new PlanError([flavour.sectionKey, 'bootnodes'], `needs a port named ${name} to dial node 0 on`, `add ports.${name}, or set ${flavour.sectionKey}.bootnodes: false`));
    return [];
  }
  const host = podHost(flavour.component, 0, flavour.component, validatorNamespace(profile.name, 0));
  return optionWords('bootnodes', [{ text: `/dns/${host}/tcp/${port}/p2p/` }, { material: `${section.keys.fileName}-0.peer-id` }], flavour.argForm);
}
