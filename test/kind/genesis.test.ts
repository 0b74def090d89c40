/**
 * devnet's genesis scripts run by Docker in Linera's images, made from the real `linera-server` and
 * `linera` built from crates.io: real keys and a real genesis, the same bytes for the same seed, and
 * files laid out exactly as the stand-ins the faster tiers use (the fake docker) lay them out.
 */
import './support/provided.js';
import { afterAll, describe, expect, inject, test } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { fakeBin } from '../support/fake-bin.js';
import type { Json } from '../support/objects.js';
import { runCli } from '../support/run-cli.js';

const stub = fakeBin(['docker']);
afterAll(() => stub.cleanup());

/** The machine's own Docker, with the images the kind tier built in place of the published ones. */
const real = { env: { PATH: process.env.PATH ?? '' } };
const images = () => ['--set', `linera.images.client=${inject('lineraImages').client}`, '--set', `linera.images.validator=${inject('lineraImages').validator}`];

const docs = (text: string): Json[] => parseAllDocuments(text).map((d) => d.toJS());
const render = (env: Record<string, string>, args: string[]) => runCli(['render', '--generate-keys', '--show-secrets', '-p', 'linera-production', ...images(), ...args], { env });

/** The files a render produced: every validator's server config, the committee and genesis. */
function files(stdout: string): Record<string, Json> {
  const objects = docs(stdout);
  const out: Record<string, Json> = {};
  for (const o of objects) {
    if (o.kind === 'Secret' && o.metadata.name === 'validator-config') out[`${o.metadata.namespace}/server.json`] = JSON.parse(Buffer.from(o.data.serverConfig, 'base64').toString());
    if (o.kind === 'ConfigMap' && o.metadata.name === 'genesis') {
      out['genesis.json'] = JSON.parse(o.data['genesis.json']);
      out['committee.json'] = JSON.parse(o.data['committee.json']);
    }
  }
  return out;
}

/** Every key path with the JSON type found there (array elements merged): the layout of a file. */
function layout(value: Json, path = '$'): string[] {
  if (Array.isArray(value)) return [`${path}: array`, ...new Set(value.flatMap((v) => layout(v, `${path}[]`)))];
  if (value !== null && typeof value === 'object') {
    // Maps keyed by a public key or chain id: one entry stands for all.
    const keys = Object.keys(value).map((k) => (/^(0x)?[0-9a-f]{40,}$/.test(k) ? '<key>' : k));
    return [`${path}: object`, ...new Set(Object.entries(value).flatMap(([, v], i) => layout(v, `${path}.${keys[i]}`)))];
  }
  return [`${path}: ${value === null ? 'null' : typeof value}`];
}

describe('genesis from the real Linera tools', () => {
  test('the same seed gives byte-identical keys, committee and genesis', async () => {
    const first = await render(real.env, ['--seed', '7']);
    const second = await render(real.env, ['--seed', '7']);
    expect(first.code, first.stderr).toBe(0);
    expect(second.code, second.stderr).toBe(0);
    expect(files(first.stdout)).toEqual(files(second.stdout));
    const genesis = files(first.stdout)['genesis.json'];
    expect(genesis.network_name).toBe('linera-prod');
    expect(Object.keys(genesis.committee.validators)).toHaveLength(2);
  });

  test('another seed, another network', async () => {
    const [a, b] = [await render(real.env, ['--seed', '7']), await render(real.env, ['--seed', '8'])];
    expect(files(a.stdout)['genesis.json']).not.toEqual(files(b.stdout)['genesis.json']);
  });

  test('the stand-in tools of the faster tiers lay their files out exactly as the real ones do', async () => {
    const [fromReal, fromStub] = [files((await render(real.env, ['--seed', '7'])).stdout), files((await render(stub.env, ['--seed', '7'])).stdout)];
    expect(Object.keys(fromStub).sort()).toEqual(Object.keys(fromReal).sort());
    for (const name of Object.keys(fromReal)) expect(layout(fromStub[name]), name).toEqual(layout(fromReal[name]));
  });
});
