/**
 * What the network makes of the faults, as measured from this machine: which validators' public
 * endpoints answer, and what that leaves of a quorum.
 * The quorum rule (how many may fail) stays as the rule, beside the measurement. Pure.
 */
import { formatAge, plural } from './format.js';
import type { ChaosSummary, EndpointReach, ValidatorView } from './model.js';
import type { Segment } from './segments.js';

/** "answers", or "no answer for 12s": how a validator's endpoint did on the last probe. */
export function reachSegment(reach: EndpointReach, now: number): Segment {
  return reach.answers ? { text: 'answers', tone: 'ok' } : { text: `no answer for ${formatAge(reach.since, now)}`, tone: 'error' };
}

/**
 * "3 of 4 validators answer; a quorum needs 3: transfers can certify", then the rule ("1 of 4 may
 * fail"). Before any validator was probed (or where none is), the rule with what the record says is down.
 */
export function quorumParts(chaos: ChaosSummary | undefined, validators: readonly ValidatorView[]): Segment[][] {
  const tolerance = chaos?.tolerance;
  if (tolerance === undefined) return [];
  const { validators: count, mayFail, down } = tolerance;
  const probed = validators.filter((v) => v.index !== null && v.reach !== undefined);
  if (probed.length === 0) {
    const tone = down === 0 ? 'dim' : down <= mayFail ? 'warning' : 'error';
    return [[{ text: `${mayFail} of ${plural(count, 'validator')} may fail; ${down} down now`, tone }]];
  }
  const needed = count - mayFail;
  const answering = probed.filter((v) => v.reach?.answers === true).length;
  const certify = answering >= needed;
  const measured = `${answering} of ${plural(count, 'validator')} answer; a quorum needs ${needed}: ${certify ? 'transfers can certify' : 'no transfer can certify'}`;
  const tone = answering >= count ? 'ok' : certify ? 'warning' : 'error';
  return [[{ text: measured, tone }], [{ text: `${mayFail} of ${count} may fail`, tone: 'dim' }]];
}
