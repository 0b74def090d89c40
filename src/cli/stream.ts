/**
 * Runs that print NDJSON on stdout end it with one `end` event saying how they ended, so a reader
 * of the stream alone (CI, jq) knows whether it finished, failed or was interrupted, and why.
 */
import { ExitCode, isDevnetError, type ExitCodeValue } from '../errors/index.js';

type Options = Record<string, unknown>;

/** The commands whose -o json is a stream of events, and when (a subcommand by its path: 'chaos run'). */
const STREAMS: Record<string, (options: Options) => boolean> = {
  up: () => true,
  logs: () => true,
  check: () => true,
  status: (options) => options.watch === true,
  health: (options) => options.follow === true,
  'chaos run': () => true,
};

export function isStream(command: string, options: Options): boolean {
  const json = options.output === 'json' || options.json === true;
  return json && (STREAMS[command]?.(options) ?? false);
}

export interface EndEvent {
  time: string;
  event: 'end';
  status: 'ok' | 'failed' | 'interrupted';
  exitCode: number;
  error?: { message: string; details: string[]; hint?: string };
}

export function endEvent(exitCode: ExitCodeValue, error?: unknown, now = new Date()): EndEvent {
  const status = exitCode === ExitCode.ok ? 'ok' : exitCode === ExitCode.interrupted ? 'interrupted' : 'failed';
  const base: EndEvent = { time: now.toISOString(), event: 'end', status, exitCode };
  if (error === undefined) return base;
  if (isDevnetError(error)) return { ...base, error: { message: error.message, details: [...error.details], ...(error.hint === undefined ? {} : { hint: error.hint }) } };
  return { ...base, error: { message: `a bug in devnet: ${error instanceof Error ? error.message : String(error)}`, details: [] } };
}
