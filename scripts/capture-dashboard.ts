// Captures the dashboard as text for the README: starts the test control plane and, on it (kind
// faked), two devnets, each opened with `devnet dashboard` in tmux, its screen written to docs/ and
// into README.md between markers:
// - substrate (2 validators × 2 nodes on versi-local, whose four dev authorities all author) at
//   100x30, with a few log lines fed: docs/dashboard.txt, <!-- dashboard -->;
// - linera-light with 4 validators at 120x24, each proxy a gRPC health server on loopback (as kind's
//   port mapping answers for it), validator-1's closed: docs/dashboard-linera.txt, <!-- dashboard-linera -->.
//   node --import tsx scripts/capture-dashboard.ts
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBinaries, startControlPlane } from '../test/controlplane/index.js';
import { appendPodLog } from '../test/cluster/support/pod-logs.js';
import { fakeBin } from '../test/support/fake-bin.js';
import { grpcHealthServer, type GrpcHealthServer } from '../test/support/grpc-health.js';

const ROOT = join(import.meta.dirname, '..');
const SESSION = 'devnet-capture';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });

const binaries = await ensureBinaries({ onProgress: (m) => console.error(m) });
const controlPlane = await startControlPlane({ binDir: binaries.binDir, onProgress: () => {} });
const home = mkdtempSync(join(tmpdir(), 'devnet-capture-'));
const bin = fakeBin(['kind', 'docker'], { FAKE_KIND_STATE: join(home, 'kind.json'), FAKE_KIND_KUBECONFIG: controlPlane.kubeconfigPath, DEVNET_STATE_DIR: join(home, 'state') });
const env = { ...process.env, ...bin.env, NO_COLOR: '1' };
const proxies: GrpcHealthServer[] = [];

/** `devnet dashboard` in a tmux window of this size, until `act` is done; returns the screen. */
async function capture(profile: string[], size: [number, number], act: () => Promise<void>): Promise<string> {
  const envArgs = Object.entries(bin.env).map(([k, v]) => `${k}=${v}`);
  tmux('new-session', '-d', '-s', SESSION, '-x', String(size[0]), '-y', String(size[1]), 'env', ...envArgs, 'NO_COLOR=1', process.execPath, 'bin/devnet.js', 'dashboard', ...profile);
  try {
    await sleep(3000);
    await act();
    const screen = tmux('capture-pane', '-t', SESSION, '-p').replace(/\s+$/gm, '').trimEnd();
    tmux('send-keys', '-t', SESSION, 'q');
    await sleep(500);
    return screen;
  } finally {
    try {
      execFileSync('tmux', ['kill-session', '-t', SESSION], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  }
}

function publish(screen: string, file: string, marker: string): void {
  writeFileSync(join(ROOT, 'docs', file), `${screen}\n`);
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const block = `<!-- ${marker}:start -->\n\`\`\`\n${screen}\n\`\`\`\n<!-- ${marker}:end -->`;
  writeFileSync(join(ROOT, 'README.md'), readme.replace(new RegExp(`<!-- ${marker}:start -->[\\s\\S]*<!-- ${marker}:end -->`), block));
  console.error(`wrote docs/${file} and the README block ${marker}`);
}

// Asynchronous: the control plane's pod watcher runs in this process and must keep running.
const devnet = (args: string[]) => promisify(execFile)(process.execPath, ['bin/devnet.js', ...args], { cwd: ROOT, env });

async function substrate(): Promise<void> {
  const profile = ['-p', 'substrate', '--set', 'substrate.replicas=2', '--set', 'substrate.args.chain=versi-local'];
  await devnet(['up', ...profile, '--no-dashboard', '--seed', 'readme']);
  const screen = await capture(profile, [100, 30], async () => {
    // Open validator-0's node component and select it, so the pane follows its two pods.
    tmux('send-keys', '-t', SESSION, 'j', 'j', 'l');
    await sleep(500);
    const lines = ['🏆 Imported #1 (0x8a1c…f3e2 → 0x5b7d…0c19)', '🙌 Starting consensus session on top of parent 0x5b7d…0c19', '🎁 Prepared block for proposing at 2 (0 ms)', '💤 Idle (3 peers), best: #2 (0x2e4f…9a01), finalized #0'];
    for (const pod of ['node-0', 'node-1']) await appendPodLog(controlPlane.stateDir, 'substrate-val-0', pod, 'node', lines);
    await sleep(1500);
  });
  publish(screen, 'dashboard.txt', 'dashboard');
}

async function linera(): Promise<void> {
  const base = 47300;
  for (let v = 0; v < 4; v++) proxies.push(await grpcHealthServer('SERVING', base + v));
  const profile = ['-p', 'linera-light', '--validators', '4', '--set', `linera.exposure.hostPortBase=${base}`, '--set', 'cluster.reservedValidators=4'];
  await devnet(['up', ...profile, '--no-dashboard', '--skip-preflight', '--seed', 'readme']);
  const screen = await capture(profile, [120, 24], async () => {
    proxies[1]?.stop();
    // Select validator-1 (devnet, shared, storage, validator-0 and its three components, validator-1).
    tmux('send-keys', '-t', SESSION, 'j', 'j', 'j', 'j', 'j', 'j', 'j');
    await sleep(6000);
  });
  publish(screen, 'dashboard-linera.txt', 'dashboard-linera');
}

try {
  await substrate();
  await linera();
} finally {
  proxies.forEach((p) => p.stop());
  bin.cleanup();
  rmSync(home, { recursive: true, force: true });
  await controlPlane.stop();
}
