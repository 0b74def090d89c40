/**
 * A kind node, through the process runner: a script run by the node's /bin/sh with `docker exec`
 * (kind's nodes are Docker containers named after the node). The script arrives on stdin, so
 * nothing of it is quoted twice and nothing is left behind on the node.
 */
import { ExternalCommandError } from '../errors/index.js';
import type { Runner } from '../contracts/runner.js';

export interface NodeOptions {
  run: Runner;
  env: Record<string, string | undefined>;
  signal?: AbortSignal | undefined;
}

export interface NodeScriptResult {
  exitCode: number;
  /** The lines the script printed. */
  lines: string[];
  /** What it said on stderr, for a message. */
  stderr: string;
}

export async function nodeScript(node: string, script: string, options: NodeOptions & { timeoutMs?: number }): Promise<NodeScriptResult> {
  try {
    const result = await options.run('docker', ['exec', '-i', node, 'sh', '-s'], {
      input: script,
      env: options.env,
      signal: options.signal,
      timeoutMs: options.timeoutMs ?? 60_000,
      allowFailure: true,
    });
    return { exitCode: result.exitCode, lines: result.stdout.split('\n').filter((l) => l.trim() !== ''), stderr: result.stderr.trim() };
  } catch (error) {
    if (error instanceof ExternalCommandError) throw new ExternalCommandError(`Could not run a script in the kind node ${node}: ${error.message}`, error.command, { details: error.details, hint: 'check that the kind cluster runs (docker ps) and that Docker answers' });
    throw error;
  }
}
