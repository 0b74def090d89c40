/**
 * `devnet up` for real: devnet creates a kind cluster through its own code path (kind v0.33.0 and a
 * node image built on this machine, a real kubelet and containerd), loads Linera's images made from
 * the real binaries, and deploys the light profile, whose readiness the kubelet's gRPC probes decide.
 * Then the wallet `up` prints is used from the host through kind's port mappings, and the commands a
 * user runs next (check, status, logs, bundle, dashboard, up again, down) run against real pods.
 */
import { execa } from 'execa';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Json } from '../support/objects.js';
import { spawnDevnet, withoutAnsi } from '../support/spawn-devnet.js';
import { kindEnv, type KindEnv, type RunResult } from './support/kind-env.js';
import { clientEnv, linera } from './support/linera.js';
import { expectSucceeded } from '../support/succeeded.js';

let k: KindEnv;
let up: RunResult;
/** The two chains of the wallet's transfer, for the exporter's test. */
const transferred: string[] = [];

const images = () => inject('lineraImages');
/** The light profile, as shipped, on this machine's node image and with the images built here. */
const profile = () => [
  '-p', 'linera-light', '--seed', '7',
  '--set', `cluster.name=${k.cluster}`, '--set', `cluster.nodeImage=${inject('kindNodeImage')}`,
  '--set', `linera.images.client=${images().client}`, '--set', `linera.images.validator=${images().validator}`,
  ...exporter(),
];
/**
 * The client and validator images stand in for the published ones and are loaded with --load-image;
 * the storage server's image is the profile's own devnet.local name, which up finds and loads itself.
 */
const loads = () => [images().validator, images().client, images().exporter].flatMap((image) => ['--load-image', image]);
/**
 * The block exporter, off in linera-light, is turned on from the start: enabling it later changes
 * every validator's server config, which devnet treats as a new network.
 */
const exporter = () => [
  '--set', 'linera.blockExporter.enabled=true', '--set', 'linera.blockExporter.destinations=[{kind: Logging, fileName: blocks.log}]',
  '--set', `linera.images.exporter=${images().exporter}`,
];

/** A hex key as it could leak: lower and upper hex, base64 of its bytes, and a 16-character fragment. */
function secretForms(hex: string): string[] {
  const bytes = Buffer.from(hex, 'hex');
  return [hex, hex.toUpperCase(), bytes.toString('base64'), bytes.toString('base64url'), hex.slice(8, 24)];
}

describe('devnet up on a real kind cluster', () => {
  beforeAll(async () => {
    k = kindEnv();
    up = await k.devnet(['up', ...profile(), ...loads(), '--no-dashboard', '--yes', '--timeout', '600']);
  });

  afterAll(async () => {
    await k?.cleanup();
  });

  test('up creates the cluster itself, and the kubelet\'s gRPC probes decide that every proxy and shard is ready', async () => {
    expect(up.code, `${up.stdout}\n${up.stderr}`).toBe(0);
    expect(up.stderr).toMatch(/creating kind cluster kt-/);
    expect(up.stderr).toContain('Endpoints: 3 proxies serve gRPC health on 127.0.0.1:19300-19302');
    expect(up.stderr).toMatch(/loading devnet\.local\/linera-storage-server:0\.15\.23 as devnet\.local\/linera-storage-server:[0-9a-f]{12}/);
    const kube = await k.kube();
    const pods = (await kube.list<Json>('v1', 'Pod', { labelSelector: 'app.kubernetes.io/instance=linera-light' })).items;
    const serving = pods.filter((p) => ['shards', 'proxy'].includes(p.metadata.labels['app.kubernetes.io/component']));
    expect(serving).toHaveLength(6);
    for (const pod of serving) {
      expect(pod.spec.containers[0].readinessProbe.grpc, pod.metadata.name).toBeDefined();
      expect(pod.status.conditions.find((c: Json) => c.type === 'Ready')?.status, pod.metadata.name).toBe('True');
    }
  });

  test('the wallet up prints syncs, reads balances and transfers through the kind port mappings', async () => {
    const env = clientEnv(up.stdout);
    expect(Object.keys(env).sort()).toEqual(['KUBECONFIG', 'LINERA_KEYSTORE', 'LINERA_STORAGE', 'LINERA_WALLET']);
    const chains = (await linera(['wallet', 'show', '--short', '--owned'], env)).trim().split('\n').filter(Boolean);
    const [from, to] = chains.slice(1);
    if (from === undefined || to === undefined) throw new Error(`the wallet has fewer than two user chains: ${chains.join(', ')}`);
    await linera(['sync', from], env);
    await linera(['sync', to], env);
    const balance = async (chain: string) => Number((await linera(['query-balance', chain], env)).trim());
    const before = { from: await balance(from), to: await balance(to) };
    await linera(['transfer', '12.5', '--from', from, '--to', to], env);
    await linera(['sync', to], env);
    await linera(['process-inbox', to], env);
    expect(await balance(from)).toBe(before.from - 12.5);
    expect(await balance(to)).toBe(before.to + 12.5);
    transferred.push(from, to);
  });

  test('devnet check passes with the real client in the client image', async () => {
    const check = await k.devnet(['check', ...profile()]);
    expect(check.code, `${check.stdout}\n${check.stderr}`).toBe(0);
    expect(check.stdout).toMatch(/✔ a transfer between two wallet chains reaches every validator/);
  });

  test('status lists every pod of every validator as running and ready', async () => {
    const status = await k.devnet(['status', ...profile()]);
    expect(status.code, status.stderr).toBe(0);
    for (const v of [0, 1, 2]) expect(status.stdout).toMatch(new RegExp(`validator-${v}[\\s\\S]*proxy-0`));
    expect(status.stdout).not.toMatch(/CrashLoopBackOff|ImagePull|Pending/);
  });

  test('a killed shard process is restarted by the kubelet, and logs --previous shows what it wrote before', async () => {
    // From the node, as a process dies: the shard of validator 0 is the one whose storage is its table.
    const killed = await k.node(['pkill', '-KILL', '-f', 'linera-server run .*table_validator_0 ']);
    expect(killed.code, killed.stderr).toBe(0);
    const kube = await k.kube();
    await expect.poll(async () => {
      const pod = await kube.get<Json>('v1', 'Pod', 'linera-light-val-0', 'shards-0');
      return pod?.status.containerStatuses?.[0]?.restartCount ?? 0;
    }, { timeout: 120_000, interval: 1000 }).toBeGreaterThanOrEqual(1);
    const previous = await k.devnet(['logs', 'validator-0/shards-0', '--previous', '--tail', '50', ...profile()]);
    expect(previous.code, previous.stderr).toBe(0);
    // What linera-server logged as it started, in the container that was killed.
    expect(previous.stdout).toMatch(/shards-0 .*linera/i);
  });

  test('bundle collects logs and the kind node\'s own logs, and no form of any validator\'s real secret key', async () => {
    const out = join(k.home, 'bundle.tar.gz');
    const bundle = await k.devnet(['bundle', ...profile(), '--out', out]);
    expect(bundle.code, bundle.stderr).toBe(0);
    const entries = (await execa('tar', ['-tzf', out])).stdout.split('\n');
    expect(entries).toEqual(expect.arrayContaining([expect.stringMatching(/logs\/linera-light-val-0\/shards-0\//), expect.stringMatching(/kind\/.*-control-plane\/kubelet\.log$/)]));
    const contents = Buffer.from((await execa('tar', ['-xzOf', out], { encoding: 'buffer' })).stdout).toString('latin1');
    const kube = await k.kube();
    for (const v of [0, 1, 2]) {
      const secret = await kube.get<Json>('v1', 'Secret', `linera-light-val-${v}`, 'validator-config');
      const key = (JSON.parse(Buffer.from(secret.data.serverConfig, 'base64').toString()) as { validator_secret: string }).validator_secret;
      expect(key).toMatch(/^[0-9a-f]{64}$/);
      for (const form of secretForms(key)) expect(contents.includes(form), `validator-${v}'s key as ${form.slice(0, 6)}…`).toBe(false);
    }
  });

  test('the dashboard opens in a terminal on the real pods and q leaves the devnet running', async () => {
    const dashboard = spawnDevnet({ env: k.env }, ['dashboard', ...profile()], 'sized');
    await dashboard.waitFor(/proxy-0/, 60_000);
    await dashboard.waitFor(/3\/3|6\/6|9\/9|\d+\/\d+ pods ready/, 60_000);
    dashboard.write('q');
    expect(await dashboard.exited).toBe(0);
    expect(withoutAnsi(dashboard.output())).toContain('validator-2');
  });

  test('a second up applies nothing', async () => {
    const again = await k.devnet(['up', ...profile(), ...loads(), '--no-dashboard']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/nothing changed/);
  });

  test('the block exporter is found healthy by the kubelet, and writes the transfer\'s blocks to its log file', async () => {
    const kube = await k.kube();
    const pod = await kube.get<Json>('v1', 'Pod', 'linera-light-val-0', 'block-exporter-0');
    expect(pod.spec.containers[0].readinessProbe.httpGet.path).toBe('/health');
    expect(pod.status.conditions.find((c: Json) => c.type === 'Ready')?.status).toBe('True');
    expect(transferred).toHaveLength(2);
    // The exporter's claim, as local-path keeps it on the node: <volume>_<namespace>_<claim>.
    const log = () => k.node(['sh', '-c', 'cat /var/local-path-provisioner/*_linera-light-val-0_*block-exporter-0/blocks.log']);
    await expect.poll(async () => (await log()).stdout, { timeout: 120_000, interval: 2000 }).toContain(`Chain: ${transferred[0]}, Height: 0`);
    expect((await log()).stdout).toContain(`Chain: ${transferred[1]}, Height: 0`);
  });

  test('a profile change the validators can take in place is applied without a new network', async () => {
    const changed = await k.devnet(['up', ...profile(), ...loads(), '--set', 'linera.logLevel=debug', '--no-dashboard']);
    expect(changed.code, changed.stderr).toBe(0);
    expect(changed.stdout).toMatch(/\d+ objects applied/);
    const kube = await k.kube();
    const shard = await kube.get<Json>('apps/v1', 'StatefulSet', 'linera-light-val-0', 'shards');
    expect(shard.spec.template.spec.containers[0].env).toEqual(expect.arrayContaining([{ name: 'RUST_LOG', value: 'debug' }]));
    expect(shard.status.readyReplicas).toBe(1);
  });

  test('a shipped substrate profile on this cluster stops at once on ErrImagePull, naming the image it could not pull', async () => {
    const context = ['--context', `kind-${k.cluster}`, '--kubeconfig', await k.kubeconfig()];
    const substrate = await k.devnet(['up', '-p', 'substrate', ...context, '--no-dashboard', '--timeout', '300']);
    expect(substrate.code, substrate.stderr).toBe(4);
    expect(substrate.stderr).toMatch(/ErrImagePull|ImagePullBackOff/);
    expect(substrate.stderr).toContain('docker.io/parity/polkadot');
    expectSucceeded(await k.devnet(['down', '-p', 'substrate', ...context]));
  });

  test('a changed cluster.reservedValidators is shown as a diff and refused without --recreate', async () => {
    const changed = await k.devnet(['up', ...profile(), ...loads(), '--set', 'cluster.reservedValidators=4', '--no-dashboard']);
    expect(changed.code).toBe(1);
    expect(changed.stderr).toContain('has a config kind cannot change in place');
    expect(changed.stderr).toMatch(/^\s*-\s+hostPort: 19307$/m);
    expect(changed.stderr).toContain('devnet up --recreate');
  });

  test('Ctrl-C in the middle of up --recreate, then up again, converges to a working network', async () => {
    const args = [...profile(), ...loads(), '--set', 'cluster.reservedValidators=4', '--no-dashboard', '--yes'];
    const interrupted = spawnDevnet({ env: k.env }, ['up', ...args, '--recreate']);
    await interrupted.waitFor(/Keys and genesis|Validators/, 300_000);
    interrupted.signal('SIGINT');
    expect(await interrupted.exited).toBe(130);
    expect(withoutAnsi(interrupted.output())).toMatch(/Interrupted/);
    const again = await k.devnet(['up', ...args]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('Endpoints: 3 proxies serve gRPC health on 127.0.0.1:19300-19302');
    const check = await k.devnet(['check', ...profile(), '--set', 'cluster.reservedValidators=4']);
    expect(check.code, `${check.stdout}\n${check.stderr}`).toBe(0);
  });

  test('down --cluster leaves no container, no kind network and no host port behind', async () => {
    const down = await k.devnet(['down', ...profile(), '--set', 'cluster.reservedValidators=4', '--cluster']);
    expect(down.code, down.stderr).toBe(0);
    const containers = await execa('docker', ['ps', '-a', '--filter', `name=^${k.cluster}-`, '--format', '{{.Names}}']);
    expect(containers.stdout.trim()).toBe('');
    // kind's network goes with its last node; another cluster on this machine keeps it, rightly.
    const network = await execa('docker', ['network', 'inspect', 'kind', '--format', '{{range .Containers}}{{.Name}} {{end}}'], { reject: false });
    if (network.exitCode === 0) expect(network.stdout.trim(), 'containers still on the kind network').not.toBe('');
    expect(network.stdout).not.toContain(k.cluster);
    for (const port of [19300, 19301, 19302, 19303]) expect(await portFree(port), `127.0.0.1:${port}`).toBe(true);
  });
});

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
