/** The openssl CLI, which the tiers use to make certificates (node:crypto makes keys, not X.509 certificates). */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export class OpensslError extends Error {
  constructor(
    message: string,
    /** openssl is not on PATH. */
    readonly missing: boolean,
    options: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Runs `openssl <args>` in `cwd`; a failure names the command and carries what openssl said. */
export async function openssl(cwd: string, args: readonly string[]): Promise<void> {
  try {
    await run('openssl', [...args], { cwd });
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    const detail = (error as { stderr?: string }).stderr ?? String(error);
    throw new OpensslError(missing ? 'the openssl CLI is not on PATH' : `openssl ${args.join(' ')} failed: ${detail}`, missing, { cause: error });
  }
}
