/**
 * Cross-field rules for `checks.assertions`: every assertion names a component, port and
 * validator the devnet really has, so `devnet check` never fails on a typo after a long wait.
 */
import type { ComponentPlan, Topology } from '../topology.js';
import type { DeclaredCheck } from '../../config/checks.js';
import type { Problem } from '../../config/problem.js';
import type { CommonProfile } from '../../config/schema.js';

type Path = (string | number)[];

export function assertionProblems(profile: CommonProfile, topology: Topology | undefined): Problem[] {
  if (topology === undefined) return [];
  return profile.checks.assertions.flatMap((check, i) => problemsOf(check, ['checks', 'assertions', i], topology));
}

/** The same rules for one assertion, e.g. one given on the command line. */
export function problemsOf(check: DeclaredCheck, path: Path, topology: Topology): Problem[] {
  const [kind, spec] = entry(check);
  const at = [...path, kind];
  const problems: Problem[] = [];
  const component = spec.component !== undefined ? findComponent(topology, spec.component) : undefined;
  if (spec.component !== undefined && component === undefined) {
    return [problem([...at, 'component'], `is "${spec.component}", which this devnet does not have`, `use one of ${componentNames(topology)} (devnet plan lists them)`)];
  }
  if (spec.validator !== undefined && spec.validator >= topology.validators.length) {
    problems.push(problem([...at, 'validator'], `is ${spec.validator}, but the devnet has validators 0-${topology.validators.length - 1}`, 'pick an existing validator, or leave validator out to check every one'));
  }
  if (kind === 'health' && spec.component === undefined && !topology.components.some((c) => c.health !== undefined)) {
    problems.push(problem(at, 'needs a component with a health rule, and this devnet has none', 'add health: {keyword, within} to a component of the profile'));
  }
  if (component === undefined) return problems;
  if (kind === 'metric') {
    if (spec.port === undefined && !component.ports.some((p) => p.metrics)) problems.push(problem([...at, 'port'], `is not given, and ${component.name} has no port marked metrics: true`, `name the port that serves /metrics: one of ${portNames(component)}`));
  }
  const portName = spec.port;
  if (portName !== undefined && !component.ports.some((p) => p.name === portName)) {
    problems.push(problem([...at, 'port'], `is "${portName}", which ${component.name} does not have`, `use one of ${portNames(component)}`));
  }
  if (kind === 'grpc' && hostPorts(component).length === 0) {
    problems.push(problem([...at, 'component'], `is ${component.name}, which has no port on the host for a gRPC probe`, 'give address: host:port instead, or probe a component exposed on the host (e.g. proxy)'));
  }
  if (kind === 'health' && component.health === undefined) {
    problems.push(problem([...at, 'component'], `is ${component.name}, which declares no watchlog health (health: keyword)`, 'add health: to the component in the profile, or check a component that has it'));
  }
  return problems;
}

/** The fields every kind of assertion may have that these rules look at. */
export interface TargetSpec {
  component?: string | undefined;
  validator?: number | undefined;
  port?: string | undefined;
}

export function entry(check: DeclaredCheck): [Kind, TargetSpec] {
  if ('log' in check) return ['log', check.log];
  if ('metric' in check) return ['metric', check.metric];
  if ('http' in check) return ['http', check.http];
  if ('grpc' in check) return ['grpc', check.grpc];
  return ['health', check.health];
}

export type Kind = 'log' | 'metric' | 'http' | 'grpc' | 'health';

export function findComponent(topology: Topology, name: string): ComponentPlan | undefined {
  return topology.components.find((c) => c.name === name && c.workload === 'StatefulSet');
}

/** TCP host ports of a component: its load-balanced NodePort, or one per replica. */
export function hostPorts(component: ComponentPlan): number[] {
  const shared = component.sharedExposure?.exposures.filter((e) => e.protocol === 'TCP').map((e) => e.hostPort) ?? [];
  return shared.length > 0 ? shared : component.replicas.flatMap((r) => r.exposures.filter((e) => e.protocol === 'TCP').slice(0, 1).map((e) => e.hostPort));
}

function componentNames(topology: Topology): string {
  return [...new Set(topology.components.filter((c) => c.workload === 'StatefulSet').map((c) => c.name))].join(', ');
}

function portNames(component: ComponentPlan): string {
  return component.ports.map((p) => p.name).join(', ');
}

function problem(path: Path, message: string, hint: string): Problem {
  return { severity: 'error', path, message, hint };
}
