/** A profile's chaos: schedule and a check scenario are checked like every field: file, line, field, and what to do. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkScenario } from '../../../src/networks/scenario.js';
import { timeline } from '../../../src/tasks/chaos/schedule.js';
import { describeEntry } from '../../../src/tasks/chaos/words.js';
import { formatProblem } from '../../../src/config/problem.js';
import { load, loadShipped, problems, ROOT, shippedText } from '../../support/profiles.js';

const withChaos = (lines: string) => `${shippedText('linera-light')}chaos:\n${lines}`;

describe('a profile\'s chaos: schedule', () => {
  test('is read, in time order, undoing before applying at the same second', () => {
    const { profile } = load(withChaos(['  - { at: 30s, for: 1m, action: stop, target: validator-3 }', '  - { at: 90s, action: loss, percent: 20, target: proxy }', '  - { at: 10s, action: kill, target: validator-0/proxy-0, process: true }'].join('\n') + '\n'), ['validators=4']);
    expect(profile.chaos.map(describeEntry)).toEqual(['at 30s: validator-3 stopped, for 1m', 'at 90s: loss 20% on proxy, until devnet chaos clear', 'at 10s: kill the process of validator-0/proxy-0']);
    expect(timeline(profile.chaos).map((s) => `${s.at}:${s.kind}:${s.index}`)).toEqual(['10:apply:2', '30:apply:0', '90:undo:0', '90:apply:1']);
  });

  test('a profile without one has an empty schedule', () => {
    expect(loadShipped('linera-light').profile.chaos).toEqual([]);
  });

  test('each wrong entry is named by file, line and field, with what to do', () => {
    const found = problems(withChaos([
      '  - { at: 5s, action: loss, target: validator-1 }',
      '  - { action: stop, target: validator-9 }',
      '  - { action: kill, target: proxy, for: 10s }',
      '  - { action: stop, target: validator-0, rate: 1mbit }',
      '  - { action: flood, target: validator-0 }',
    ].join('\n') + '\n'));
    const start = shippedText('linera-light').split('\n').length; // the first chaos entry's line is start + 1
    // Fields first: a wrong action is refused before any rule reads the entry.
    expect(found).toEqual([`profile.yaml:${start + 5}:15  chaos[4].action: must be one of "stop", "kill", "partition", "loss", "bandwidth", "latency" (got "flood")\n    hint: stop: scale to 0 (objects stay); kill: delete a pod, or kill its process (process: true); partition: cut off from the other validators both ways; loss, bandwidth, latency: degrade its network.`]);
  });

  test('cross-field rules: the value an action needs, targets the devnet has, no two same faults on one pod at once', () => {
    const found = problems(withChaos([
      '  - { at: 5s, action: loss, target: validator-1 }',
      '  - { action: stop, target: validator-9 }',
      '  - { action: kill, target: proxy, for: 10s }',
      '  - { action: stop, target: validator-0, rate: 1mbit }',
      '  - { at: 0s, for: 1m, action: partition, target: validator-0 }',
      '  - { at: 30s, action: partition, target: validator-0/proxy }',
    ].join('\n') + '\n')).join('\n');
    const start = shippedText('linera-light').split('\n').length; // the first chaos entry's line is start + 1
    expect(found).toContain(`profile.yaml:${start + 1}:5  chaos[0]: a loss fault needs percent\n    hint: add percent: 10`);
    expect(found).toContain('chaos[1].target: validator-9 does not exist: this devnet has validators 0-2');
    expect(found).toContain('chaos[2].for: does not apply to kill: the pod or process comes back by itself');
    expect(found).toContain('chaos[2].target: kill hits one pod at a time, and proxy has 3 pods');
    expect(found).toContain('chaos[3].rate: does not apply to stop');
    expect(found).toContain('chaos[5].at: starts while chaos[4] (partition) still holds the same target\n    hint: start it after 60s');
  });
});

describe('a check scenario', () => {
  const shipped = (name: string) => readFileSync(join(ROOT, 'scenarios', `${name}.yaml`), 'utf8');

  test('each shipped one is valid for the devnet its header names', () => {
    for (const [name, profile, sets] of [['linera-quorum', 'linera-light', ['validators=4']], ['substrate-finality', 'substrate', ['validators=4']], ['codex-restart', 'codex', []]] as const) {
      const result = checkScenario(`scenarios/${name}.yaml`, shipped(name), loadShipped(profile, [...sets]).topology);
      expect(result.ok ? 'ok' : result.errors.map(formatProblem).join('\n'), name).toBe('ok');
    }
  });

  test('run against too few validators, or another network, it says what to bring up', () => {
    const few = checkScenario('scenarios/linera-quorum.yaml', shipped('linera-quorum'), loadShipped('linera-light').topology);
    expect(few.ok ? [] : few.errors.map(formatProblem)).toEqual(['scenarios/linera-quorum.yaml:9:13  validators: is 4, and the devnet has 3\n    hint: bring the devnet up with --validators 4 (or more)']);
    const other = checkScenario('scenarios/linera-quorum.yaml', shipped('linera-quorum'), loadShipped('codex').topology);
    expect(other.ok ? [] : other.errors.map(formatProblem)[0]).toContain('network: is linera, but the devnet is a codex network');
  });

  test('a wrong step is named by line and field', () => {
    const text = ['apiVersion: devnet/v1', 'kind: Scenario', 'name: mine', 'network: linera', 'steps:', '  - fault: { action: stop, target: validator-7 }', '  - expect: { within: 10s }', '  - restore: all', '    wait: 5s'].join('\n');
    const result = checkScenario('mine.yaml', text, loadShipped('linera-light').topology);
    const said = result.ok ? '' : result.errors.map(formatProblem).join('\n');
    expect(said).toContain('mine.yaml:7:');
    expect(said).toContain('give either builtin or check');
    expect(said).toMatch(/mine\.yaml:8:.*steps\[2\]/);
  });
});
