/**
 * JUnit XML, the report every CI system displays: one testsuite per devnet, one testcase per
 * assertion. Valid against the Jenkins JUnit schema (test/fixtures/junit/jenkins-junit.xsd).
 */
import type { Outcome } from './types.js';

export interface SuiteInfo {
  devnet: string;
  network: string;
  context: string;
  version: string;
  hostname: string;
  started: Date;
}

export function junitXml(outcomes: readonly Outcome[], suite: SuiteInfo, totalMs: number): string {
  const failures = outcomes.filter((o) => o.status === 'failed').length;
  const skipped = outcomes.filter((o) => o.status === 'skipped').length;
  const time = (ms: number) => (ms / 1000).toFixed(3);
  const cases = outcomes.map((o) => testcase(o, suite.devnet, time(o.durationMs)));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="devnet check" tests="${outcomes.length}" failures="${failures}" errors="0" time="${time(totalMs)}">`,
    `  <testsuite name="${attr(`devnet ${suite.devnet}`)}" tests="${outcomes.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${time(totalMs)}" timestamp="${suite.started.toISOString().slice(0, 19)}" hostname="${attr(suite.hostname)}">`,
    '    <properties>',
    ...[
      ['devnet', suite.devnet],
      ['network', suite.network],
      ['context', suite.context],
      ['devnet.version', suite.version],
    ].map(([name, value]) => `      <property name="${attr(name ?? '')}" value="${attr(value ?? '')}"/>`),
    '    </properties>',
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/** What stopped `devnet check` before any assertion could be measured. */
export interface CheckError {
  /** The error's kind, e.g. UserError, ClusterError. */
  type: string;
  message: string;
  details: readonly string[];
  hint?: string | undefined;
}

/**
 * The report when the check could not run at all (no profile, no cluster, no devnet): CI reads
 * this file, so the reason is a test case in it, an error rather than a missing file.
 */
export function junitErrorXml(error: CheckError, suite: Pick<SuiteInfo, 'devnet' | 'version' | 'hostname' | 'started'>, totalMs: number): string {
  const time = (totalMs / 1000).toFixed(3);
  const body = [error.message, ...error.details, ...(error.hint === undefined ? [] : [`hint: ${error.hint}`])].join('\n');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="devnet check" tests="1" failures="0" errors="1" time="${time}">`,
    `  <testsuite name="${attr(`devnet ${suite.devnet}`)}" tests="1" failures="0" errors="1" skipped="0" time="${time}" timestamp="${suite.started.toISOString().slice(0, 19)}" hostname="${attr(suite.hostname)}">`,
    '    <properties>',
    `      <property name="devnet" value="${attr(suite.devnet)}"/>`,
    `      <property name="devnet.version" value="${attr(suite.version)}"/>`,
    '    </properties>',
    `    <testcase name="devnet check runs against the devnet" classname="${attr(`devnet.${suite.devnet}.check`)}" time="${time}">`,
    `      <error message="${attr(error.message)}" type="${attr(error.type)}">${text(body)}</error>`,
    '    </testcase>',
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function testcase(o: Outcome, devnet: string, time: string): string {
  const open = `    <testcase name="${attr(o.name)}" classname="${attr(`devnet.${devnet}.${o.source}`)}" time="${time}">`;
  const measured = o.measurements.map((m) => `${m.ok ? 'ok  ' : 'FAIL'} ${m.target}: ${m.value}`).join('\n');
  const out = `      <system-out>${text(`id: ${o.id}\nexpected: ${o.expected}\nseen: ${o.seen}\n${measured}`)}</system-out>`;
  if (o.status === 'passed') return [open, out, '    </testcase>'].join('\n');
  if (o.status === 'skipped') return [open, `      <skipped>${text(o.seen)}</skipped>`, '    </testcase>'].join('\n');
  const body = `expected: ${o.expected}\nseen: ${o.seen}\nlook: ${o.where}${measured === '' ? '' : `\n\n${measured}`}`;
  return [open, `      <failure message="${attr(`expected ${o.expected}; seen ${o.seen}`)}" type="AssertionFailed">${text(body)}</failure>`, out, '    </testcase>'].join('\n');
}

/** XML 1.0 forbids most control characters even escaped; they are dropped. */
function clean(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
}

function text(value: string): string {
  return clean(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
}
