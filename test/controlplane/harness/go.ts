import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ControlPlaneError, SKIP_HINT } from './errors.js';

const run = promisify(execFile);

/** The toolchain the Go modules declare (k8s 1.37 and kwok 0.8 say `go 1.26.0`). */
export const MIN_GO = { major: 1, minor: 26 } as const;

/** Never let `go` fetch another toolchain: the build must use what is installed, or say so. */
export const GO_ENV = { GOTOOLCHAIN: 'local', CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false' } as const;

const requirement =
  `The cluster tests build Kubernetes, etcd and KWOK from Go modules and need Go >= ${MIN_GO.major}.${MIN_GO.minor} on PATH ` +
  '(https://go.dev/dl/).';

/** Returns the `go version` line, or explains what is missing. */
export async function goVersion(): Promise<string> {
  let stdout: string;
  try {
    ({ stdout } = await run('go', ['version'], { env: { ...process.env, ...GO_ENV } }));
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new ControlPlaneError(missing ? `${requirement} No \`go\` was found.` : `${requirement} \`go version\` failed.`, {
      hint: `Install Go and retry. ${SKIP_HINT}`,
      cause: error,
    });
  }
  const line = stdout.trim();
  const match = /go(\d+)\.(\d+)/.exec(line);
  const major = Number(match?.[1] ?? 0);
  const minor = Number(match?.[2] ?? 0);
  if (major < MIN_GO.major || (major === MIN_GO.major && minor < MIN_GO.minor)) {
    throw new ControlPlaneError(`${requirement} Found: ${line}.`, { hint: `Upgrade Go and retry. ${SKIP_HINT}` });
  }
  return line;
}

/** Go's module cache; the KWOK stage and CRD YAMLs are read from the kwok module there. */
export async function goModCache(): Promise<string> {
  const { stdout } = await run('go', ['env', 'GOMODCACHE'], { env: { ...process.env, ...GO_ENV } });
  return stdout.trim();
}
