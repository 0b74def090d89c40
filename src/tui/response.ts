/**
 * What the network makes of the faults, as measured from this machine: which validators' public
 * endpoints answer, what that leaves of a quorum, and the last transfer the dashboard asked for.
 * The quorum rule (how many may fail) stays as the rule, beside the measurement. Pure.
 */
import { formatAge, plural } from './format.js';
import type { ChaosSummary, EndpointReach, TransferResult, ValidatorView } from './model.js';
import type { Segment } from './segments.js';

/** The transfer key's state: the one running (since when), and what the last one came to. */
export interface TransferState {
  startedAt: number | null;
  last: TransferResult | null;
}

export const NO_TRANSFER: TransferState = { startedAt: null, last: null };

/** "answers", or "no answer for 12s": how a validator's endpoint did on the last probe. */
export function reachSegment(reach: EndpointReach, now: number): Segment {
  return reach.answers ? { text: 'answers', tone: 'ok' } : { text: `no answer for ${formatAge(reach.since, now)}`, tone: 'error' };
}

/** The header's words on the quorum: what was measured, and the rule (last, as it says the least). */
export interface QuorumParts {
  measured: Segment[][];
  rule: Segment[][];
}

/**
 * "3 of 4 validators answer; a quorum needs 3: transfers can certify", and the rule "1 of 4 may
 * fail". Before any validator was probed (or where none is), the rule with what the record says is down.
 */
export function quorumParts(chaos: ChaosSummary | undefined, validators: readonly ValidatorView[]): QuorumParts {
  const tolerance = chaos?.tolerance;
  if (tolerance === undefined) return { measured: [], rule: [] };
  const { validators: count, mayFail, down } = tolerance;
  const probed = validators.filter((v) => v.index !== null && v.reach !== undefined);
  if (probed.length === 0) {
    const tone = down === 0 ? 'dim' : down <= mayFail ? 'warning' : 'error';
    return { measured: [], rule: [[{ text: `${mayFail} of ${plural(count, 'validator')} may fail; ${down} down now`, tone }]] };
  }
  const needed = count - mayFail;
  const answering = probed.filter((v) => v.reach?.answers === true).length;
  const certify = answering >= needed;
  const measured = `${answering} of ${plural(count, 'validator')} answer; a quorum needs ${needed}: ${certify ? 'transfers can certify' : 'no transfer can certify'}`;
  const tone = answering >= count ? 'ok' : certify ? 'warning' : 'error';
  return { measured: [[{ text: measured, tone }]], rule: [[{ text: `${mayFail} of ${count} may fail`, tone: 'dim' }]] };
}

/** 1.14 → "1.1 s", 30.2 → "30 s". */
export function formatTenths(seconds: number): string {
  return `${seconds < 10 ? (Math.round(seconds * 10) / 10).toFixed(1) : Math.round(seconds)} s`;
}

/** "transfer certified in 1.1 s", "no transfer certified in 30 s: validator-1, validator-2 did not answer". */
export function transferText(result: TransferResult): string {
  const took = formatTenths(result.seconds);
  if (result.certified) return `transfer certified in ${took}`;
  if (result.silent.length > 0) return `no transfer certified in ${took}: ${result.silent.join(', ')} did not answer`;
  return `no transfer certified in ${took}: ${result.reason}`;
}

/** The status line's: the header's words, and the client's own when none was certified. */
export function transferStatus(result: TransferResult): string {
  const text = transferText(result);
  const said = result.certified || result.silent.length === 0 ? text : `${text} (${result.reason})`;
  return said.charAt(0).toUpperCase() + said.slice(1);
}

/** The header's word on transfers: the one running, else the last one's outcome. */
export function transferPart(state: TransferState, now: number): Segment[] {
  if (state.startedAt !== null) return [{ text: `transferring… ${formatAge(state.startedAt, now)}`, tone: 'accent' }];
  if (state.last === null) return [];
  return [{ text: transferText(state.last), tone: state.last.certified ? 'ok' : 'error' }];
}

/** Why T does nothing now: the network has no transfer here, or one is still running. */
export function transferRefusal(state: TransferState, available: boolean, now: number): string | undefined {
  if (!available) return 'T makes a transfer on Linera devnets.';
  if (state.startedAt !== null) return `A transfer is still running (for ${formatAge(state.startedAt, now)}): one at a time.`;
  return undefined;
}
