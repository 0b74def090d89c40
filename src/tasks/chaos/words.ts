/**
 * Faults and schedule entries in words, as status, plan, explain, the dashboard and the events say
 * them. Loads nothing else, so plan and explain stay light.
 */
import type { ChaosEntry } from '../../config/chaos.js';
import type { Fault } from './record.js';

/** "loss 20% on validator-1", "validator-3 stopped". */
export function describeFault(fault: Pick<Fault, 'action' | 'target' | 'value'>): string {
  const verb = fault.action === 'stop' ? 'stopped' : fault.action === 'partition' ? 'partitioned' : `${fault.action}${fault.value === undefined ? '' : ` ${fault.value}`} on`;
  return fault.action === 'stop' || fault.action === 'partition' ? `${fault.target} ${verb}` : `${verb} ${fault.target}`;
}

export const targetText = (target: string | readonly string[]): string => (typeof target === 'string' ? target : target.join(','));

/** "at 30s: validator-3 stopped, for 1m". */
export function describeEntry(entry: ChaosEntry): string {
  const value = entry.action === 'loss' ? `${entry.percent ?? '?'}%` : entry.action === 'bandwidth' ? entry.rate : entry.action === 'latency' ? entry.delay : undefined;
  const what = entry.action === 'kill' ? `kill ${entry.process === true ? 'the process of ' : ''}${targetText(entry.target)}` : describeFault({ action: entry.action, target: targetText(entry.target), value });
  const lasting = entry.action === 'kill' ? '' : entry.for === undefined ? ', until devnet chaos clear' : `, for ${entry.for}`;
  return `at ${entry.at}: ${what}${lasting}`;
}
