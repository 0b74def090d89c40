import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runCli } from '../support/run-cli.js';
import { ROOT, SHIPPED } from '../support/profiles.js';
import type { Json } from '../support/objects.js';
import { tempDir } from '../support/temp-dir.js';

const docs = (text: string): Json[] => parseAllDocuments(text).map((d) => d.toJS());
describe('devnet --help and --version', () => {
  test('top-level help lists the commands and the exit codes', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/render .*\n[\s\S]*plan [\s\S]*explain /);
    expect(stdout).toContain('130  interrupted (Ctrl-C)');
  });

  test.each(['render', 'plan', 'explain'])('%s --help shows flags and examples', async (command) => {
    const { code, stdout } = await runCli([command, '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('--profile <file|name>');
    expect(stdout).toContain('Examples:');
    expect(stdout).toContain(`$ devnet ${command}`);
  });

  test('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect((await runCli(['--version'])).stdout.trim()).toBe(pkg.version);
  });

  test('an unknown command or option is a usage error (exit 2)', async () => {
    const unknown = await runCli(['deploy']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'deploy'");
    const badFlag = await runCli(['render', '--validators', 'zero']);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain('expected a whole number of at least 1');
  });
});

describe('devnet render', () => {
  test.each(SHIPPED)('renders the shipped profile %s, the kind config first', async (name) => {
    const { code, stdout, stderr } = await runCli(['render', '-p', name]);
    expect(code, stderr).toBe(0);
    const [kind, ...objects] = docs(stdout);
    expect(kind).toMatchObject({ kind: 'Cluster', apiVersion: 'kind.x-k8s.io/v1alpha4' });
    expect(objects[0].kind).toBe('Namespace');
    expect(objects.filter((o) => o.kind === 'StatefulSet').length).toBeGreaterThan(0);
  });

  test('says clearly that Linera keys are placeholders without Docker, and that Secrets are redacted', async () => {
    const { stderr, stdout } = await runCli(['render']);
    expect(stderr).toContain('Keys and genesis are placeholders');
    expect(stderr).toContain('Secret data is redacted; --show-secrets prints it.');
    const secret = docs(stdout).find((o) => o.kind === 'Secret');
    expect(Buffer.from(secret.data.serverConfig, 'base64').toString()).toMatch(/^REDACTED/);
  });

  test('-o json prints a v1 List; --no-kind-config leaves the cluster out', async () => {
    const { stdout } = await runCli(['render', '-o', 'json', '--no-kind-config', '--validators', '1']);
    const list = JSON.parse(stdout) as Json;
    expect(list.kind).toBe('List');
    expect(list.items.some((o: Json) => o.kind === 'Cluster')).toBe(false);
    expect(list.items.filter((o: Json) => o.kind === 'Namespace').map((o: Json) => o.metadata.name)).toEqual(['linera-shared', 'linera-val-0']);
  });

  test('--set and --validators reach the objects', async () => {
    const { stdout } = await runCli(['render', '--validators', '2', '--set', 'linera.shards.replicas=4']);
    const shards = docs(stdout).filter((o) => o.kind === 'StatefulSet' && o.metadata.name === 'shards');
    expect(shards.map((s) => s.spec.replicas)).toEqual([4, 4]);
  });

  test('--out writes the kind config and one file per namespace', async () => {
    const dir = tempDir('cli');
    const { code } = await runCli(['render', '--out', 'out'], { cwd: dir });
    expect(code).toBe(0);
    expect(readdirSync(join(dir, 'out', 'kind'))).toEqual(['cluster.yaml']);
    expect(readdirSync(join(dir, 'out', 'kubernetes')).sort()).toEqual(['_cluster.yaml', 'linera-shared.yaml', 'linera-val-0.yaml', 'linera-val-1.yaml', 'linera-val-2.yaml']);
  });

  test('--out with --show-secrets keeps the files in a private directory', async () => {
    const dir = tempDir('cli');
    const { code } = await runCli(['render', '-p', 'substrate', '--out', 'private', '--show-secrets'], { cwd: dir });
    expect(code).toBe(0);
    expect(statSync(join(dir, 'private')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'private', 'kubernetes', 'substrate-val-0.yaml')).mode & 0o777).toBe(0o600);
  });

  test('a profile that does not exist names the shipped ones', async () => {
    const { code, stderr } = await runCli(['render', '-p', 'polkadot']);
    expect(code).toBe(1);
    expect(stderr).toContain('No profile at polkadot.');
    expect(stderr).toContain('codex, linera, linera-light, linera-production, substrate');
  });
});

describe('broken profiles', () => {
  const corpus = join(ROOT, 'test', 'fixtures', 'profiles', 'broken');
  const expected: Record<string, string[]> = {
    'bad-template.yaml': ['bad-template.yaml:6:19  codex.args.listen-addrs: template', 'hint: did you mean ports.transport?'],
    'both-exposures.yaml': ['both-exposures.yaml:9:16  linera.exposure.ingress.enabled: cannot be true while exposure.gateway.enabled is true', 'hint: enable one of gateway and ingress'],
    'empty.yaml': ['empty.yaml:1:1  network: is required', 'hint: choose the network kind'],
    'missing-version.yaml': ['missing-version.yaml:1:1  apiVersion: is required: "devnet/v1"', 'hint: add `apiVersion: devnet/v1` at the top of the profile'],
    'missing-network.yaml': ['missing-network.yaml:1:1  network: is required: one of "linera", "substrate", "codex"'],
    'syntax.yaml': ['syntax.yaml:7:1  All mapping items must start at the same column', 'hint: check the indentation'],
    'too-many-validators.yaml': ['too-many-validators.yaml:4:13  validators: is 12, more than the 10 validators', 'hint: raise cluster.reservedValidators to 12'],
    'types.yaml': [
      'types.yaml:4:13  validators: must be a number, not the string "lots"',
      'types.yaml:7:15  linera.shards.replicas: must be a whole number, not number 2.5',
      'types.yaml:10:15  linera.storage.scylla.memory: must be a Kubernetes quantity such as "500m", "1", "512Mi" or "2Gi"',
    ],
    'unknown-field.yaml': ['unknown-field.yaml:5:3  substrate.replica: is not a known field', 'hint: did you mean "replicas"?'],
    'wrong-version.yaml': ['wrong-version.yaml:1:13  apiVersion: must be "devnet/v1" (got "devnet/v2")'],
  };

  test('the corpus and the table cover the same files', () => {
    expect(readdirSync(corpus).sort()).toEqual(Object.keys(expected).sort());
  });

  test.each(Object.entries(expected))('%s: exit 1, file:line:col, field and hint, no stack trace', async (file, messages) => {
    for (const command of ['render', 'plan', 'explain']) {
      const { code, stdout, stderr } = await runCli([command, '-p', join('test', 'fixtures', 'profiles', 'broken', file)], { cwd: ROOT });
      expect(code).toBe(1);
      expect(stdout).toBe('');
      for (const message of messages) expect(stderr).toContain(message);
      expect(stderr).toContain('hint');
      expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    }
  });
});

describe('devnet plan', () => {
  test('prints every replica\'s exact command line, like a dry run', async () => {
    const { code, stdout } = await runCli(['plan', '-p', 'substrate']);
    expect(code).toBe(0);
    expect(stdout).toContain('validator-1 / node');
    expect(stdout).toMatch(/node-0 \(index 1\)\n\s+polkadot --validator --chain rococo-local --name devnet-01 .*--public-addr \/ip4\/\$DEVNET_NODE_IP\/tcp\/30334 .* --bob$/m);
    expect(stdout).toContain('$DEVNET_NODE_IP  address of the Kubernetes node the pod runs on');
  });

  test('-o json gives argv and the shell line per replica; filters narrow it down', async () => {
    const { stdout } = await runCli(['plan', '--validator', '1', '--component', 'shards', '-o', 'json']);
    const { replicas } = JSON.parse(stdout) as { replicas: Json[] };
    expect(replicas.map((r) => r.pod)).toEqual(['shards-0', 'shards-1']);
    expect(replicas[1].argv.slice(0, 2)).toEqual(['./linera-server', 'run']);
    expect(replicas[1].argv).toContain('--shard');
    expect(replicas[1].shell).toContain('--shard 1');
  });

  test('codex options are printed as the single --flag=value words Codex reads, with the profile env', async () => {
    const { stdout } = await runCli(['plan', '-p', 'codex', '--component', 'codex', '-o', 'json']);
    const { replicas } = JSON.parse(stdout) as { replicas: Json[] };
    expect(replicas[0].argv).toContain('--data-dir=/data');
    expect(replicas[0].argv).toContain('--bootstrap-node=$DEVNET_BOOTSTRAP_ADDRESS');
    expect(replicas[2].argv).toContain('--listen-addrs=/ip4/0.0.0.0/tcp/30503');
    expect(replicas[2].env).toEqual({ CODEX_LOG_LEVEL: 'info' });
  });

  test('the chain devnet chose for the node count is in every command line, and the plan says why', async () => {
    const { code, stdout } = await runCli(['plan', '-p', 'substrate', '--validators', '4']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Chosen by devnet\n {2}substrate\.args\.chain is auto: versi-local for 4 validator nodes, whose genesis has 4 authorities \(Alice, Bob, Charlie, Dave\); every node is one of them, and GRANDPA finalises with 3 of 4\n/);
    expect(stdout.match(/--chain versi-local /g)).toHaveLength(4);
  });

  test('an empty selection says what exists', async () => {
    const { code, stderr } = await runCli(['plan', '--component', 'validator']);
    expect(code).toBe(1);
    expect(stderr).toContain('components of this devnet: storage-init, shards, proxy');
  });
});

describe('devnet explain', () => {
  test('draws the topology with roles, traffic, start-up order and budget', async () => {
    const { code, stdout } = await runCli(['explain']);
    expect(code).toBe(0);
    expect(stdout).toContain('└── storage: ScyllaCluster scylla - 1 node, ScyllaDB 6.2.3, developer mode');
    expect(stdout).toMatch(/├── shards \(StatefulSet, 2 replicas\)\n│\s+│\s+Shards execute the chains/);
    expect(stdout).toContain('exposed: grpc → NodePort 30100 → host :19100');
    expect(stdout).toContain('validator-2 namespace linera-val-2 - same parts as validator-0; localhost:19102');
    expect(stdout).toContain('storage → init → shards → proxies, validators in parallel');
    expect(stdout).toContain('10 long-running pods reserve 1 CPU and 2.9 GiB');
  });

  test('the light profile: the storage server in the tree, its budget beside ScyllaDB\'s, no operators', async () => {
    const { code, stdout } = await runCli(['explain', '-p', 'linera-light']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/shared namespace linera-light-shared\n└── storage \(StatefulSet, 1 replica\)\n\s+│\s+linera-storage-server keeps the chains of all 3 validators/);
    expect(stdout).toContain('volume: 2Gi of standard storage at /data per replica, kept when the pod restarts');
    expect(stdout).toContain('storage: service:tcp:storage.linera-light-shared.svc.cluster.local:7878:table_validator_0');
    expect(stdout).toContain('shards and proxies → linera-storage-server (gRPC 7878) → RocksDB on its volume');
    expect(stdout).toContain('storage → init → shards → proxies, validators in parallel');
    expect(stdout).toContain('7 long-running pods reserve 0.55 CPU and 1.1 GiB');
    expect(stdout).toContain('storage (linera-storage-server), among them: 1 pod reserving 0.1 CPU and 256 MiB, up to 1 CPU and 1.0 GiB; no operators');
    expect(stdout).toContain('storage with ScyllaDB 6.2.3 instead: 1 pod reserving 0.25 CPU and 1.0 GiB, up to 1 CPU and 2.0 GiB; plus cert-manager and scylla-operator (about 0.5 CPU and 512 MiB)');
    expect(stdout).toContain('plus kind itself (about 0.5 CPU and 1.0 GiB)');
    expect(stdout).not.toContain('ScyllaCluster');
  });

  test('the ScyllaDB profiles show what the storage server would cost instead', async () => {
    const { stdout } = await runCli(['explain', '-p', 'linera-production']);
    expect(stdout).toContain('storage (ScyllaDB 6.2.3), among them: 2 pods reserving 0.5 CPU and 2.0 GiB, up to 2 CPU and 4.0 GiB; plus cert-manager and scylla-operator');
    expect(stdout).toContain('storage with linera-storage-server instead: 2 pods reserving 0.2 CPU and 512 MiB, up to 2 CPU and 2.0 GiB; no operators');
    expect(stdout).toContain('plus kind, cert-manager and scylla-operator (about 1 CPU and 1.5 GiB)');
  });

  test('says which chain devnet chose for a substrate devnet, and why', async () => {
    const { stdout } = await runCli(['explain', '-p', 'substrate', '--validators', '1']);
    expect(stdout).toContain('Chosen by devnet\n  substrate.args.chain is auto: rococo-dev for 1 validator node, whose genesis has one authority (Alice)');
  });

  test('says per network how many validators may fail, from the network\'s own rule', async () => {
    const linera = (await runCli(['explain', '-p', 'linera-light', '--validators', '4'])).stdout;
    expect(linera).toContain('Validators that may fail\n  1 may fail and the network keeps making progress: a certificate needs a quorum of 267 of the committee\'s 400 votes (2f+1 of 3f+1 voting weight; 100 votes per validator): 3 of 4 validators must sign');
    expect(linera).toContain('with 2 down, no block is certified');
    expect((await runCli(['explain', '-p', 'linera-light'])).stdout).toContain('  0 may fail and the network keeps making progress');
    expect((await runCli(['explain', '-p', 'substrate'])).stdout).toContain('Validators that may fail\n  0 may fail and the network keeps making progress: finality needs more than 2/3 of the 2 GRANDPA authorities: 2 must vote');
    // auto picks versi-local for 4 nodes: GRANDPA's 3 of 4, so one may stop.
    expect((await runCli(['explain', '-p', 'substrate', '--validators', '4'])).stdout).toContain('  1 may fail and the network keeps making progress: finality needs more than 2/3 of the 4 GRANDPA authorities: 3 must vote');
    expect((await runCli(['explain', '-p', 'codex'])).stdout).toContain('Codex nodes do not vote: there is no quorum to lose');
    const json = JSON.parse((await runCli(['explain', '-p', 'linera-light', '--validators', '7', '-o', 'json'])).stdout) as Json;
    expect(json.faultTolerance.mayFail).toBe(2);
  });

  test('-o json prints the planned topology', async () => {
    const topology = JSON.parse((await runCli(['explain', '-p', 'codex', '-o', 'json'])).stdout) as Json;
    expect(topology.components.map((c: Json) => c.name)).toEqual(['bootstrap', 'codex']);
  });
});

describe('the top-level help, printed without commander', () => {
  const quiet = { stdout: { write: () => true }, stderr: { write: () => true }, env: {}, cwd: ROOT, signal: new AbortController().signal };

  test('lists every command commander registers, in its order, with its usage and summary', async () => {
    const { buildProgram } = await import('../../src/cli/program.js');
    const { COMMANDS } = await import('../../src/cli/catalogue.js');
    const program = buildProgram(quiet);
    const helper = program.createHelp();
    const registered = program.commands.map((c) => ({ name: c.name(), usage: helper.subcommandTerm(c), summary: c.summary() }));
    expect(registered).toEqual(COMMANDS.map((c) => ({ name: c.name, usage: c.usage, summary: c.summary })));
  });

  test('is, letter for letter, the help commander itself would lay out for the program', async () => {
    const { Help } = await import('commander');
    const { buildProgram } = await import('../../src/cli/program.js');
    const { EXIT_CODES } = await import('../../src/cli/catalogue.js');
    const program = buildProgram(quiet);
    const helper = program.createHelp();
    const commanders = `${Help.prototype.formatHelp.call(helper, program, helper)}${EXIT_CODES}\n`;
    expect((await runCli(['--help'])).stdout).toBe(commanders);
  });

  test('devnet help and devnet -h print what --help does; an unknown flag is still a usage error (exit 2)', async () => {
    const help = (await runCli(['--help'])).stdout;
    expect((await runCli(['help'])).stdout).toBe(help);
    expect((await runCli(['-h'])).stdout).toBe(help);
    expect((await runCli([])).stdout).toBe(help);
    const wrong = await runCli(['--no-such-flag']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("unknown option '--no-such-flag'");
  });
});

describe('a chaos: schedule and check scenarios, before any cluster', () => {
  const scheduled = () => {
    const file = join(tempDir('schedule'), 'mine.yaml');
    writeFileSync(file, `${readFileSync(join(ROOT, 'profiles', 'linera-light.yaml'), 'utf8')}chaos:\n  - { at: 30s, for: 1m, action: stop, target: validator-3 }\n  - { at: 2m, action: loss, percent: 20, target: proxy }\n`);
    return file;
  };

  test('plan and explain show the schedule, in words and in JSON', async () => {
    const file = scheduled();
    const explain = await runCli(['explain', '-p', file, '--validators', '4']);
    expect(explain.stdout).toContain('Faults on schedule (chaos:)\n  at 30s: validator-3 stopped, for 1m\n  at 2m: loss 20% on proxy, until devnet chaos clear');
    const plan = await runCli(['plan', '-p', file, '--validators', '4']);
    expect(plan.stdout).toContain('  at 30s: validator-3 stopped, for 1m');
    const json = JSON.parse((await runCli(['plan', '-p', file, '--validators', '4', '-o', 'json'])).stdout) as Json;
    expect(json.chaos[0]).toMatchObject({ at: '30s', for: '1m', action: 'stop', target: 'validator-3', description: 'at 30s: validator-3 stopped, for 1m' });
  });

  test('a schedule naming a validator the devnet lacks is refused by up before anything is done, at its line', async () => {
    const up = await runCli(['up', '-p', scheduled(), '--no-dashboard']);
    expect(up.code).toBe(1);
    expect(up.stderr).toMatch(/mine\.yaml:\d+:\d+ {2}chaos\[0\]\.target: validator-3 does not exist: this devnet has validators 0-2/);
    expect(up.stderr).not.toMatch(/\n\s+at /);
  });

  test('chaos run with a profile that has no schedule says how to write one, without asking a cluster', async () => {
    const run = await runCli(['chaos', 'run', '-p', 'linera-light']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('profiles/linera-light.yaml has no chaos: schedule to play.');
    expect(run.stderr).toContain('- { at: 30s, for: 1m, action: stop, target: validator-2 }');
  });

  test('check --scenario: a missing one names the shipped ones; a wrong one is named by file and line; a valid one needs the devnet', async () => {
    const missing = await runCli(['check', '--scenario', 'no-such']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('There is no scenario no-such');
    expect(missing.stderr).toContain('linera-quorum, substrate-finality, codex-restart');
    const absent = await runCli(['check', '--scenario', '/nowhere/quorum.yaml']);
    expect(absent.code).toBe(1);
    expect(absent.stderr).toContain('There is no scenario /nowhere/quorum.yaml');
    expect(absent.stderr).not.toMatch(/ENOENT|\n\s+at /);
    const few = await runCli(['check', '-p', 'linera-light', '--scenario', 'linera-quorum']);
    expect(few.code).toBe(1);
    expect(few.stderr).toContain('scenarios/linera-quorum.yaml:9:13  validators: is 4, and the devnet has 3');
    expect(few.stderr).toContain('bring the devnet up with --validators 4');
  });
});

describe('devnet chaos', () => {
  test('--help lists the actions, and each action says what it takes', async () => {
    const { code, stdout } = await runCli(['chaos', '--help']);
    expect(code).toBe(0);
    for (const action of ['stop', 'start', 'kill', 'partition', 'loss', 'bandwidth', 'latency', 'status', 'clear']) expect(stdout).toMatch(new RegExp(`^  ${action}\\b`, 'm'));
    expect((await runCli(['chaos', 'loss', '--help'])).stdout).toMatch(/<percent>[\s\S]*<target>[\s\S]*--for <duration>/);
  });

  test('a value that is not one is refused before any cluster is asked', async () => {
    const loss = await runCli(['chaos', 'loss', '120%', 'validator-0']);
    expect(loss.code).toBe(2);
    expect(loss.stderr).toContain('expected a share of packets such as 20%');
    const lasting = await runCli(['chaos', 'stop', 'validator-0', '--for', '0s']);
    expect(lasting.code).toBe(2);
    expect(lasting.stderr).toContain('expected a duration longer than 0s');
  });
});
