/** Rules and port plans shared by the template-driven P2P kinds (substrate-style chains, Codex). */
import type { Problem } from '../../config/problem.js';
import type { CommonProfile } from '../../config/schema.js';
import { reservedValidators, type NodePorts } from '../rules/node-ports.js';
import type { Topology } from '../topology.js';
import type { Section } from './flavour.js';

/** Each node's NodePorts: base + offset × index of the port's spec, the bootstrap node (when there is one) being index 0. */
export function p2pNodePorts(profile: CommonProfile, section: Section, topology: Topology, bootstrap: boolean): NodePorts {
  const ports = topology.cluster.reserved.map((exposure) => {
    const spec = section.ports[exposure.portName]?.nodePort;
    const index = spec === undefined ? -1 : (exposure.nodePort - spec.base) / spec.offset;
    const who = bootstrap && index === 0 ? 'the bootstrap node' : `node ${index}`;
    const field = [profile.network, 'ports', exposure.portName, 'nodePort'];
    return { exposure, who, service: `node-${index}`, field, nodePortPath: [...field, 'base'], hostPortPath: [...field, 'base'] };
  });
  const reservedFor = `${reservedValidators(profile)} validators (cluster.reservedValidators) × ${section.replicas} replicas${bootstrap ? ' + the bootstrap node' : ''}`;
  return { ports, reservedFor };
}

/** Two ports of a node cannot bind the same number and protocol. */
export function distinctPorts(network: string, section: Section): Problem[] {
  const seen = new Map<string, string>();
  for (const [name, spec] of Object.entries(section.ports)) {
    if (spec.port === undefined) continue;
    const key = `${spec.protocol}/${spec.port}`;
    const other = seen.get(key);
    if (other !== undefined) {
      return [{ severity: 'error', path: [network, 'ports', name, 'port'], message: `${spec.port}/${spec.protocol} is already the port of ${other}`, hint: 'give every port of the node its own number', viability: true }];
    }
    seen.set(key, name);
  }
  return [];
}
