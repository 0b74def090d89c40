import { describe, expect, test } from 'vitest';
import { junitProblems } from '../../../test/support/junit-schema.js';
import { junitXml, type SuiteInfo } from './junit.js';
import type { Outcome } from './types.js';

const suite: SuiteInfo = { devnet: 'ci', network: 'substrate', context: 'kind-ci', version: '0.1.0', hostname: 'runner', started: new Date('2026-01-02T03:04:05Z') };

function outcome(status: Outcome['status'], extra: Partial<Outcome> = {}): Outcome {
  return {
    id: `builtin/${status}`,
    name: `blocks ${status}`,
    source: 'builtin',
    kind: 'builtin',
    expected: 'best block ≥ 3 on every node',
    seen: 'validator-0/node-0: best #1',
    where: 'devnet logs node',
    withinSeconds: 60,
    measurements: [{ target: 'validator-0/node-0', value: 'best #1', ok: status === 'passed' }],
    durationMs: 1234,
    status,
    ...extra,
  };
}

describe('JUnit XML', () => {
  test('passes the Jenkins JUnit schema with passed, failed and skipped cases', async () => {
    const xml = junitXml([outcome('passed'), outcome('failed'), outcome('skipped')], suite, 5000);
    expect(await junitProblems(xml)).toEqual([]);
    expect(xml).toContain('<testsuite name="devnet ci" tests="3" failures="1" errors="0" skipped="1" time="5.000"');
    expect(xml).toMatch(/<testcase name="blocks failed" classname="devnet\.ci\.builtin" time="1\.234">\n\s+<failure message="expected best block ≥ 3 on every node; seen validator-0\/node-0: best #1" type="AssertionFailed">/);
    expect(xml).toContain('<skipped>validator-0/node-0: best #1</skipped>');
  });

  test('escapes what a log line or a regex can contain, and still passes the schema', async () => {
    const nasty = outcome('failed', { name: 'logs /<a href="x">&amp;\u0007/', seen: 'line "<b>" & \u001b[31mred\u001b[0m' });
    const xml = junitXml([nasty], suite, 10);
    expect(await junitProblems(xml)).toEqual([]);
    expect(xml).toContain('name="logs /&lt;a href=&quot;x&quot;&gt;&amp;amp;/"');
    expect(xml).not.toContain('\u001b');
  });

  test('the schema check is not vacuous: a testcase without a name is refused', async () => {
    const xml = junitXml([outcome('passed')], suite, 10).replace(/<testcase name="[^"]*"/, '<testcase');
    expect((await junitProblems(xml)).join('\n')).toMatch(/name.*required|required.*name/i);
  });
});
