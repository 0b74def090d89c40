/**
 * The e2e tier runs against real kind. Without a Docker engine it cannot run at all; it says so
 * and fails (it never skips, so a green run always means it ran).
 */
import { execFileSync } from 'node:child_process';

export function requireDockerAndKind(): void {
  const missing: string[] = [];
  try {
    execFileSync('docker', ['info', '--format', '{{.ServerVersion}}'], { stdio: 'pipe', timeout: 20_000 });
  } catch {
    missing.push('a running Docker engine (`docker info` must work)');
  }
  try {
    execFileSync('kind', ['version'], { stdio: 'pipe' });
  } catch {
    missing.push('kind on PATH (https://kind.sigs.k8s.io/docs/user/quick-start/#installation)');
  }
  if (missing.length > 0) {
    throw new Error(
      `The e2e tier needs ${missing.join(' and ')}. It creates real kind clusters and pulls real images, ` +
        'so it cannot run on machines without a Docker engine; the cluster tier (npm test) covers devnet there with a real API server and KWOK.',
    );
  }
}
