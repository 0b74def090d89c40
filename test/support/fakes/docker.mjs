#!/usr/bin/env node
// A stand-in for the docker CLI, for machines without a Docker engine. It records every call
// (arguments and standard input) as one JSON line in $FAKE_LOG, and answers the calls devnet makes
// the way Docker with the Linera image would.
import { appendFileSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';

const args = process.argv.slice(2);
const stdin = args.includes('-i') ? readFileSync(0, 'utf8') : '';
if (process.env.FAKE_LOG) appendFileSync(process.env.FAKE_LOG, `${JSON.stringify({ tool: 'docker', args, stdin })}\n`);

const fail = process.env.FAKE_DOCKER_FAIL;
if (fail) {
  process.stderr.write(`${fail}\n`);
  process.exit(125);
}

if (args[0] === 'info') {
  const cpus = Number(process.env.FAKE_DOCKER_CPUS ?? 8);
  const memory = Number(process.env.FAKE_DOCKER_MEMORY ?? 16 * 2 ** 30);
  process.stdout.write(`${JSON.stringify({ ServerVersion: '28.2.2', NCPU: cpus, MemTotal: memory, OperatingSystem: 'fake' })}\n`);
  process.exit(0);
}

if (args[0] === 'image' && args[1] === 'inspect') {
  const image = args.at(-1);
  if (image.includes('missing')) {
    process.stderr.write(`Error: No such image: ${image}\n`);
    process.exit(1);
  }
  process.stdout.write(`sha256:${createHash('sha256').update(image).digest('hex')}\n`);
  process.exit(0);
}

if (args[0] === 'tag') process.exit(0);

if (args[0] === 'run') {
  // The Linera genesis script: one validator_N.toml per validator, then linera-server and linera.
  const validators = [...stdin.matchAll(/cat > validator_(\d+)\.toml/g)].map((m) => Number(m[1]));
  const seed = /--testing-prng-seed (\d+)/.exec(stdin)?.[1] ?? String(Math.random());
  const hex = (label) => createHash('sha256').update(`${seed}/${label}`).digest('hex');
  const files = {};
  for (const v of validators) {
    const port = /^port = (\d+)$/m.exec(stdin.split(`validator_${v}.toml`)[1] ?? '')?.[1];
    files[`server_${v}.json`] = JSON.stringify({
      validator: { public_key: hex(`pub${v}`), account_key: hex(`acc${v}`), network: { protocol: { Grpc: 'ClearText' }, host: 'localhost', port: Number(port) } },
      validator_secret: hex(`secret${v}`),
      internal_network: { public_key: hex(`pub${v}`), protocol: { Grpc: 'ClearText' }, shards: [], proxies: [] },
    });
  }
  files['committee.json'] = JSON.stringify({ validators: validators.map((v) => ({ public_key: hex(`pub${v}`) })) });
  files['genesis.json'] = JSON.stringify({ committee: files['committee.json'], timestamp: 0, chains: [], network_name: 'fake' });
  files['wallet.json'] = JSON.stringify({ chains: [hex('chain0')] });
  files['keystore.json'] = JSON.stringify({ keys: [hex('client-secret')] });
  process.stderr.write('fake docker: linera-server generate / linera create-genesis-config\n');
  for (const [name, text] of Object.entries(files)) process.stdout.write(`devnet-file ${name} ${Buffer.from(text).toString('base64')}\n`);
  process.exit(0);
}

process.stderr.write(`fake docker: unsupported call: ${args.join(' ')}\n`);
process.exit(1);
