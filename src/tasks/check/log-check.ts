/**
 * A log line matching a pattern appears in a component's log within a time: each replica's log is
 * followed through the API (what is already there counts), until the line comes or time is up.
 */
import type { PodTarget } from '../../contracts/probes.js';
import type { LogCheck } from '../../config/checks.js';
import { followLog } from '../../kube/logs.js';
import type { CommandLines } from '../../output/command-line.js';
import { targetName } from '../../networks/check-kit.js';
import { parseDuration } from '../../networks/duration.js';
import { setTimeout as delay } from 'node:timers/promises';
import { failures, replicasOf, selectorOf } from './targets.js';
import type { Assertion, CheckContext } from './types.js';

/** Enough history for a line logged at start-up; a busier log is followed from its last lines. */
const TAIL_LINES = 5000;

export function logAssertion(spec: LogCheck, base: Pick<Assertion, 'id' | 'name' | 'source'>, lines: CommandLines): Assertion {
  const withinSeconds = parseDuration(spec.within);
  const who = spec.replicas === 'every' ? 'every replica' : 'at least one replica';
  return {
    ...base,
    kind: 'log',
    expected: `${who} of ${selectorOf(spec.component, spec.validator)} logs a line matching /${spec.pattern}/ within ${withinSeconds}s`,
    where: lines.devnet(`logs ${selectorOf(spec.component, spec.validator)} --tail 200`),
    withinSeconds,
    async run(ctx) {
      const pattern = new RegExp(spec.pattern);
      const targets = replicasOf(ctx.loaded.topology, spec.component, spec.validator);
      const deadline = AbortSignal.any([ctx.signal, AbortSignal.timeout(withinSeconds * 1000)]);
      const found = new AbortController();
      const results = await Promise.all(
        targets.map(async (target) => {
          const line = await firstMatch(ctx, target, pattern, AbortSignal.any([deadline, found.signal]));
          if (line.line !== undefined && spec.replicas === 'any') found.abort();
          return { target: targetName(target), line };
        }),
      );
      const measurements = results.map(({ target, line }) => ({
        target,
        value: line.line !== undefined ? `logged "${clip(line.line)}"` : `no matching line in ${line.read} line${line.read === 1 ? '' : 's'}${line.problem ? ` (${line.problem})` : ''}`,
        ok: line.line !== undefined,
      }));
      const ok = spec.replicas === 'any' ? measurements.some((m) => m.ok) : measurements.length > 0 && measurements.every((m) => m.ok);
      return { status: ok ? 'passed' : 'failed', seen: failures(spec.replicas === 'any' && ok ? measurements.filter((m) => m.ok) : measurements), measurements };
    },
  };
}

interface Match {
  line?: string;
  read: number;
  problem?: string;
}

async function firstMatch(ctx: CheckContext, target: PodTarget, pattern: RegExp, signal: AbortSignal): Promise<Match> {
  const state: Match = { read: 0 };
  while (!signal.aborted) {
    const stop = new AbortController();
    let buffer = '';
    let seenThisTime = 0;
    const onText = (text: string) => {
      buffer += text;
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        seenThisTime++;
        if (state.line === undefined && pattern.test(line)) {
          state.line = line;
          stop.abort();
        }
      }
    };
    try {
      await followLog(ctx.kube, target.namespace, target.pod, { container: target.component, tailLines: TAIL_LINES }, onText, AbortSignal.any([signal, stop.signal]));
      state.problem = undefined;
    } catch (error) {
      if (!signal.aborted && !stop.signal.aborted) state.problem = error instanceof Error ? error.message : String(error);
    }
    state.read = Math.max(state.read, seenThisTime);
    if (state.line !== undefined) return state;
    // The stream ended (container restarted, pod not there yet): look again shortly.
    await delay(1000, undefined, { signal }).catch(() => undefined);
  }
  return state;
}

function clip(line: string): string {
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}
