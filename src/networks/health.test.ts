import { describe, expect, test } from 'vitest';
import { load, problems } from '../../test/support/profiles.js';

const header = (network: string) => `apiVersion: devnet/v1\nname: demo\nnetwork: ${network}\n`;
const healthOf = (topology: ReturnType<typeof load>['topology'], component: string) => topology.components.filter((c) => c.name === component).map((c) => c.health);

describe('health rules in profiles', () => {
  test('substrate: check ids go to replicas by index across validators (validator × replicas + ordinal)', () => {
    const text = `${header('substrate')}validators: 2\nsubstrate:\n  replicas: 2\n  args: { chain: versi-local }\n  health:\n    keyword: Prepared block\n    within: 90s\n    pings:\n      url: https://hc.example.org/ping/\n      checks: [c0, c1, c2, c3]\n`;
    const { topology } = load(text);
    expect(healthOf(topology, 'node')).toEqual([
      { keyword: 'Prepared block', withinSeconds: 90, pings: { url: 'https://hc.example.org/ping', checks: [{ pod: 'node-0', check: 'c0' }, { pod: 'node-1', check: 'c1' }] } },
      { keyword: 'Prepared block', withinSeconds: 90, pings: { url: 'https://hc.example.org/ping', checks: [{ pod: 'node-0', check: 'c2' }, { pod: 'node-1', check: 'c3' }] } },
    ]);
  });

  test('codex: the bootstrap node is index 0, so it takes the first id', () => {
    const text = `${header('codex')}codex:\n  replicas: 2\n  health:\n    keyword: Started codex node\n    within: 1m\n    pings: { checks: [b, s0, s1] }\n`;
    const { topology } = load(text);
    expect(healthOf(topology, 'bootstrap')[0]?.pings).toEqual({ url: 'https://hc-ping.com', checks: [{ pod: 'bootstrap-0', check: 'b' }] });
    expect(healthOf(topology, 'codex')[0]?.pings?.checks.map((c) => c.check)).toEqual(['s0', 's1']);
  });

  test('linera: shards and proxies each take their own rule; slug checks name the namespace and pod', () => {
    const text = `${header('linera')}validators: 2\nlinera:\n  shards:\n    health: { keyword: "Processing", within: 5m, pings: { url: "https://hc-ping.com/KEY", checks: slug } }\n  proxies:\n    health: { keyword: "request", within: 30s }\n`;
    const { topology } = load(text);
    expect(healthOf(topology, 'shards')[1]).toEqual({
      keyword: 'Processing',
      withinSeconds: 300,
      pings: { url: 'https://hc-ping.com/KEY', checks: [{ pod: 'shards-0', check: 'demo-val-1-shards-0' }, { pod: 'shards-1', check: 'demo-val-1-shards-1' }] },
    });
    expect(healthOf(topology, 'proxy')[0]).toEqual({ keyword: 'request', withinSeconds: 30 });
    expect(healthOf(topology, 'storage-init')[0]).toBeUndefined();
  });

  test('without a health block nothing is watched', () => {
    const { topology } = load(`${header('substrate')}substrate:\n  replicas: 1\n`);
    expect(topology.components.every((c) => c.health === undefined)).toBe(true);
  });

  const refused: { name: string; text: string; sets?: string[]; expected: string }[] = [
    {
      name: 'too few check ids for the replicas',
      text: `${header('substrate')}substrate:\n  replicas: 2\n  args: { chain: versi-local }\n  health:\n    keyword: x\n    within: 1m\n    pings:\n      checks: [a, b, c]\n`,
      expected: 'profile.yaml:11:15  substrate.health.pings.checks: has 3 check ids, but the devnet runs 4 nodes (2 validators × 2)\n    hint: give one id per replica in index order (replica N pings checks[N]), or write checks: slug to derive one per pod',
    },
    {
      name: 'ids that stop matching after --validators',
      text: `${header('substrate')}validators: 1\nsubstrate:\n  replicas: 1\n  health: { keyword: x, within: 1m, pings: { checks: [a] } }\n`,
      sets: ['validators=2'],
      expected: 'profile.yaml:7:54  substrate.health.pings.checks: has 1 check id, but the devnet runs 2 nodes (2 validators × 1)\n    hint: give one id per replica in index order (replica N pings checks[N]), or write checks: slug to derive one per pod',
    },
    {
      name: 'a threshold under a second, which kubevali refuses too',
      text: `${header('substrate')}substrate:\n  health: { keyword: x, within: 500ms }\n`,
      expected: 'profile.yaml:5:33  substrate.health.within: must be at least 1s',
    },
    {
      name: 'a ping URL with a password',
      text: `${header('linera')}linera:\n  shards:\n    health: { keyword: x, within: 1m, pings: { url: "https://me:secret@hc.example.org" } }\n`,
      expected: 'profile.yaml:6:53  linera.shards.health.pings.url: must not contain a user name or password',
    },
    {
      name: 'a ping URL that is not http',
      text: `${header('codex')}codex:\n  health: { keyword: x, within: 1m, pings: { url: "ftp://hc.example.org" } }\n`,
      expected: 'profile.yaml:5:51  codex.health.pings.url: must be an http:// or https:// URL',
    },
    {
      name: 'a check id that would change the URL path',
      text: `${header('substrate')}substrate:\n  replicas: 1\n  health: { keyword: x, within: 1m, pings: { checks: ["../admin", b] } }\n`,
      expected: 'profile.yaml:6:55  substrate.health.pings.checks[0]: must be a check id (a UUID) or a slug: letters, digits, ".", "_" and "-"',
    },
    {
      name: 'an empty keyword',
      text: `${header('substrate')}substrate:\n  health: { keyword: "", within: 1m }\n`,
      expected: 'profile.yaml:5:22  substrate.health.keyword: must not be empty',
    },
  ];
  test.each(refused)('refused: $name', ({ text, sets, expected }) => {
    const found = problems(text, sets);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(expected);
  });
});
