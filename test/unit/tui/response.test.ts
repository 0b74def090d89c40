/** The words for what the network makes of the faults: who answers, what that leaves of a quorum, and the last transfer. */
import { describe, expect, test } from 'vitest';
import type { ChaosSummary, EndpointReach, ValidatorView } from '../../../src/tui/model.js';
import { NO_TRANSFER, formatTenths, quorumParts, reachSegment, transferPart, transferRefusal, transferStatus, transferText } from '../../../src/tui/response.js';
import { plain } from '../../../src/tui/segments.js';
import { detailSegments } from '../../../src/tui/summary.js';
import { treeRow } from '../../../src/tui/tree-rows.js';
import { visibleNodes } from '../../../src/tui/tree-model.js';
import { buildTopology } from '../../support/simulated-source.js';

const NOW = Date.UTC(2026, 11, 6, 3, 0, 0);
const answers = (answers: boolean, secondsAgo = 0): EndpointReach => ({ address: 'localhost:19100', answers, since: NOW - secondsAgo * 1000, ...(answers ? {} : { reason: 'connect ECONNREFUSED 127.0.0.1:19101' }) });
const four: ChaosSummary = { faults: [], tolerance: { validators: 4, mayFail: 1, down: 0 } };

function validators(...reach: (EndpointReach | undefined)[]): ValidatorView[] {
  return buildTopology({ validators: reach.length }).validators.map((v, i) => (reach[i] === undefined ? v : { ...v, reach: reach[i] }));
}

const line = ({ measured, rule }: ReturnType<typeof quorumParts>) => [...measured, ...rule].map(plain).join(' · ');

describe('the header: measured answers against the quorum, and the rule beside them', () => {
  test('every validator answers', () => {
    const parts = quorumParts(four, validators(answers(true), answers(true), answers(true), answers(true)));
    expect(line(parts)).toBe('4 of 4 validators answer; a quorum needs 3: transfers can certify · 1 of 4 may fail');
    expect(parts.measured[0]?.[0]?.tone).toBe('ok');
  });

  test('one silent still leaves a quorum; two do not', () => {
    const one = quorumParts(four, validators(answers(true), answers(false), answers(true), answers(true)));
    expect(line(one)).toBe('3 of 4 validators answer; a quorum needs 3: transfers can certify · 1 of 4 may fail');
    expect(one.measured[0]?.[0]?.tone).toBe('warning');
    const two = quorumParts(four, validators(answers(true), answers(false), answers(false), answers(true)));
    expect(line(two)).toBe('2 of 4 validators answer; a quorum needs 3: no transfer can certify · 1 of 4 may fail');
    expect(two.measured[0]?.[0]?.tone).toBe('error');
  });

  test('before any probe answered, the rule and what the record has down, with no claim about blocks', () => {
    expect(line(quorumParts({ ...four, tolerance: { validators: 4, mayFail: 1, down: 1 } }, validators(undefined, undefined, undefined, undefined)))).toBe('1 of 4 validators may fail; 1 down now');
  });

  test('a network without a quorum rule gets no line', () => {
    expect(quorumParts({ faults: ['validator-1 stopped'] }, validators(answers(false)))).toEqual({ measured: [], rule: [] });
    expect(quorumParts(undefined, [])).toEqual({ measured: [], rule: [] });
  });
});

describe('a validator row says whether its endpoint answers, and since when it has not', () => {
  test('the segment', () => {
    expect(reachSegment(answers(true), NOW)).toEqual({ text: 'answers', tone: 'ok' });
    expect(reachSegment(answers(false, 12), NOW)).toEqual({ text: 'no answer for 12s', tone: 'error' });
    expect(reachSegment(answers(false, 190), NOW).text).toBe('no answer for 3m');
  });

  test('on the validator row, before where to reach it; not on its components', () => {
    const view = { ...buildTopology({ validators: 2 }), validators: validators(answers(true), answers(false, 7)) };
    const nodes = visibleNodes(view, new Map());
    const row = (label: string) => {
      const node = nodes.find((n) => n.label === label);
      if (node === undefined) throw new Error(`no row ${label}`);
      return plain(treeRow(node, false, 120, NOW).segments);
    };
    expect(row('validator-1')).toMatch(/no answer for 7s · localhost:19101$/);
    expect(row('validator-0')).toMatch(/answers · localhost:19100$/);
  });

  test('the line under the tree says why the selected validator does not answer, and where, when the probe asked elsewhere', () => {
    const base = buildTopology({ validators: 2 });
    const view = { ...base, validators: validators(answers(true), { ...answers(false, 7), address: 'localhost:19101' }) };
    const detail = (v: ValidatorView) => plain(detailSegments(visibleNodes({ ...view, validators: [v] }, new Map()).find((n) => n.kind === 'validator'), view));
    expect(detail(view.validators[1] as ValidatorView)).toContain('reach it at localhost:19101 (it does not answer: connect ECONNREFUSED 127.0.0.1:19101)');
    expect(detail({ ...(view.validators[1] as ValidatorView), endpoints: ['10.0.0.5:30101'] })).toContain('reach it at 10.0.0.5:30101 (localhost:19101 does not answer: connect ECONNREFUSED');
    expect(detail(view.validators[0] as ValidatorView)).toMatch(/reach it at localhost:19100$/);
  });
});

describe('the transfer key', () => {
  test('what a transfer came to, in words', () => {
    expect(transferText({ certified: true, seconds: 1.14 })).toBe('transfer certified in 1.1 s');
    expect(transferText({ certified: false, seconds: 30.2, reason: 'the client did not finish within 30 s', silent: ['validator-1', 'validator-2'] })).toBe('no transfer certified in 30 s: validator-1, validator-2 did not answer');
    expect(transferText({ certified: false, seconds: 2, reason: 'the transfer from 3c1f… to 9a0b… failed: insufficient balance', silent: [] })).toBe('no transfer certified in 2.0 s: the transfer from 3c1f… to 9a0b… failed: insufficient balance');
    expect(formatTenths(9.96)).toBe('10.0 s');
  });

  test('the status line adds the client\'s own words when it names silent validators', () => {
    expect(transferStatus({ certified: true, seconds: 1.14 })).toBe('Transfer certified in 1.1 s');
    expect(transferStatus({ certified: false, seconds: 0.2, reason: 'linera wallet show failed: the wallet is locked', silent: ['validator-1'] })).toBe(
      'No transfer certified in 0.2 s: validator-1 did not answer (linera wallet show failed: the wallet is locked)',
    );
    expect(transferStatus({ certified: false, seconds: 2, reason: 'insufficient balance', silent: [] })).toBe('No transfer certified in 2.0 s: insufficient balance');
  });

  test('the header shows the one running, then the last outcome', () => {
    expect(transferPart(NO_TRANSFER, NOW)).toEqual([]);
    expect(plain(transferPart({ startedAt: NOW - 4000, last: null }, NOW))).toBe('transferring… 4s');
    expect(transferPart({ startedAt: null, last: { certified: true, seconds: 1.1 } }, NOW)).toEqual([{ text: 'transfer certified in 1.1 s', tone: 'ok' }]);
  });

  test('one at a time, and only where the network has transfers', () => {
    expect(transferRefusal(NO_TRANSFER, true, NOW)).toBeUndefined();
    expect(transferRefusal({ startedAt: NOW - 3000, last: null }, true, NOW)).toBe('A transfer is still running (for 3s): one at a time.');
    expect(transferRefusal(NO_TRANSFER, false, NOW)).toBe('T makes a transfer on Linera devnets.');
  });
});
