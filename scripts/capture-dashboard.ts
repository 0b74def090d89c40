// Captures the dashboard as text for the README: starts the test control plane, deploys the
// substrate profile on it (kind faked; 2 validators × 2 nodes on versi-local, whose four dev
// authorities all author), opens `devnet dashboard` in tmux at 100x30, feeds a few
// log lines, and writes the screen to docs/dashboard.txt and into README.md between markers.
//   node --import tsx scripts/capture-dashboard.ts
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBinaries, startControlPlane } from '../test/controlplane/index.js';
import { appendPodLog } from '../test/cluster/support/pod-logs.js';
import { fakeBin } from '../test/support/fake-bin.js';

const ROOT = join(import.meta.dirname, '..');
const SESSION = 'devnet-capture';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });

const binaries = await ensureBinaries({ onProgress: (m) => console.error(m) });
const controlPlane = await startControlPlane({ binDir: binaries.binDir, onProgress: () => {} });
const home = mkdtempSync(join(tmpdir(), 'devnet-capture-'));
const bin = fakeBin(['kind', 'docker'], { FAKE_KIND_STATE: join(home, 'kind.json'), FAKE_KIND_KUBECONFIG: controlPlane.kubeconfigPath, DEVNET_STATE_DIR: join(home, 'state') });
const env = { ...process.env, ...bin.env, NO_COLOR: '1' };
const profile = ['-p', 'substrate', '--set', 'substrate.replicas=2', '--set', 'substrate.args.chain=versi-local'];
try {
  // Asynchronous: the control plane's pod watcher runs in this process and must keep running.
  await promisify(execFile)(process.execPath, ['bin/devnet.js', 'up', ...profile, '--no-dashboard', '--seed', 'readme'], { cwd: ROOT, env });
  const envArgs = Object.entries(bin.env).map(([k, v]) => `${k}=${v}`);
  tmux('new-session', '-d', '-s', SESSION, '-x', '100', '-y', '30', 'env', ...envArgs, 'NO_COLOR=1', process.execPath, 'bin/devnet.js', 'dashboard', ...profile);
  await sleep(3000);
  // Open validator-0's node component and select it, so the pane follows its two pods.
  tmux('send-keys', '-t', SESSION, 'j', 'j', 'l');
  await sleep(500);
  const lines = ['🏆 Imported #1 (0x8a1c…f3e2 → 0x5b7d…0c19)', '🙌 Starting consensus session on top of parent 0x5b7d…0c19', '🎁 Prepared block for proposing at 2 (0 ms)', '💤 Idle (3 peers), best: #2 (0x2e4f…9a01), finalized #0'];
  for (const pod of ['node-0', 'node-1']) await appendPodLog(controlPlane.stateDir, 'substrate-val-0', pod, 'node', lines);
  await sleep(1500);
  const screen = tmux('capture-pane', '-t', SESSION, '-p').replace(/\s+$/gm, '').trimEnd();
  tmux('send-keys', '-t', SESSION, 'q');
  writeFileSync(join(ROOT, 'docs', 'dashboard.txt'), `${screen}\n`);
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const block = `<!-- dashboard:start -->\n\`\`\`\n${screen}\n\`\`\`\n<!-- dashboard:end -->`;
  writeFileSync(join(ROOT, 'README.md'), readme.replace(/<!-- dashboard:start -->[\s\S]*<!-- dashboard:end -->/, block));
  console.error('wrote docs/dashboard.txt and the README block');
} finally {
  try {
    execFileSync('tmux', ['kill-session', '-t', SESSION], { stdio: 'ignore' });
  } catch {
    // already gone
  }
  bin.cleanup();
  rmSync(home, { recursive: true, force: true });
  await controlPlane.stop();
}
