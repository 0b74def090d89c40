/** Child processes for benchmarks: output collected line by line, with the moment each line arrived. */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export interface ChildRun {
  code: number;
  stdout: string;
  stderr: string;
  /** performance.now() when the process exited. */
  endedAt: number;
}

/** Runs a program to its end; `onLine` sees each stdout line as it arrives. */
export function runChild(command: string, args: string[], options: { env?: Record<string, string | undefined>; cwd?: string; onLine?: (line: string, at: number) => void } = {}): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...options.env }, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let partial = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const at = performance.now();
      stdout += chunk;
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) options.onLine?.(line, at);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? 1, stdout, stderr, endedAt: performance.now() }));
  });
}

export async function mustRun(command: string, args: string[], options: Parameters<typeof runChild>[2] = {}): Promise<ChildRun> {
  const result = await runChild(command, args, options);
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.code}:\n${result.stderr}`);
  return result;
}
