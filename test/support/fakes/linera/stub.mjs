#!/usr/bin/env node
// Stand-ins for Linera's `linera-server` and `linera` at 0.15.23, for machines without the real
// binaries (the real-Linera tier runs the real ones). They take the command lines the real tools
// take, refuse what those refuse (unknown options, missing ones, policies only test builds know),
// and write files laid out like the real tools' output, field for field:
//   linera-server generate            linera-service src/server.rs:681-694, `make_server_config`
//   linera create-genesis-config      linera-service src/cli/main.rs:2228-2370
//   linera storage initialize|check-existence   src/cli/main.rs:2033-2063
// Keys are derived from --testing-prng-seed (random without one), so a seed gives the same files.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';

const [tool, ...argv] = process.argv.slice(2);

function usage(message) {
  process.stderr.write(`error: ${message}\n\nFor more information, try '--help'.\n`);
  process.exit(2);
}

/** clap-like: known options with values, known bare flags, positionals; anything else is an error. */
function parse(args, spec) {
  const out = { positional: [], options: {} };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split(/=(.*)/s);
      if (spec.flags?.includes(name)) out.options[name] = true;
      else if (spec.multi?.includes(name)) {
        out.options[name] = [];
        while (args[i + 1] !== undefined && !args[i + 1].startsWith('--')) out.options[name].push(args[++i]);
      } else if (spec.options.includes(name)) out.options[name] = inline ?? args[++i];
      else usage(`unexpected argument '${arg}' found`);
      if (out.options[name] === undefined) usage(`a value is required for '--${name} <${name.toUpperCase()}>' but none was supplied`);
    } else out.positional.push(arg);
  }
  for (const required of spec.required ?? []) if (out.options[required] === undefined) usage(`the following required arguments were not provided:\n  --${required} <${required.toUpperCase()}>`);
  return out;
}

function seededBytes(seed) {
  let counter = 0;
  return (label) => (seed === undefined ? randomBytes(32).toString('hex') : createHash('sha256').update(`${seed}/${counter++}/${label}`).digest('hex'));
}

const u64 = (text, what) => {
  if (!/^\d+$/.test(text) || BigInt(text) >= 2n ** 64n) usage(`invalid value '${text}' for '--${what} <${what.toUpperCase()}>': invalid digit found in string`);
  return text;
};

function generate(args) {
  const { options } = parse(args, { options: ['committee', 'testing-prng-seed'], multi: ['validators'], required: ['committee'] });
  const next = seededBytes(options['testing-prng-seed'] === undefined ? undefined : u64(options['testing-prng-seed'], 'testing-prng-seed'));
  const validators = [];
  for (const file of options.validators ?? []) {
    const v = parseToml(readFileSync(file, 'utf8'));
    for (const field of ['server_config_path', 'host', 'port', 'external_protocol', 'internal_protocol', 'shards', 'proxies']) {
      if (v[field] === undefined) fail(`Error: missing field \`${field}\` in ${file}`);
    }
    // A compressed secp256k1 key for the validator, an Ed25519 one for its account.
    const publicKey = `03${next('validator').slice(0, 64)}`;
    const secret = next('validator secret');
    const account = next('account');
    const validator = { public_key: publicKey, account_key: { Ed25519: account }, network: { protocol: v.external_protocol, host: v.host, port: v.port } };
    const server = {
      validator,
      validator_secret: secret,
      internal_network: { public_key: publicKey, protocol: v.internal_protocol, shards: v.shards, block_exporters: v.block_exporters ?? [], proxies: v.proxies },
    };
    writeFileSync(v.server_config_path, `${JSON.stringify(server, null, 2)}\n`);
    process.stdout.write(`${publicKey},${JSON.stringify({ Ed25519: account })}\n`);
    validators.push(validator);
  }
  writeFileSync(options.committee, `${JSON.stringify({ validators }, null, 2)}\n`);
}

const POLICIES = ['no-fees', 'testnet'];

// The shape of `ResourceControlPolicy` (linera-execution src/policy.rs) as genesis.json holds it; the
// values here are no-fees' (every price zero, every limit u64::MAX), whatever the policy.
const MAX = 18446744073709551615n;
const PRICES = ['wasm_fuel_unit', 'evm_fuel_unit', 'read_operation', 'write_operation', 'byte_runtime', 'byte_read', 'byte_written', 'blob_read', 'blob_published', 'blob_byte_read', 'blob_byte_published', 'byte_stored', 'operation', 'operation_byte', 'message', 'message_byte', 'service_as_oracle_query', 'http_request'];
const LIMITS = ['maximum_wasm_fuel_per_block', 'maximum_evm_fuel_per_block', 'maximum_service_oracle_execution_ms', 'maximum_block_size', 'maximum_bytecode_size', 'maximum_blob_size', 'maximum_published_blobs', 'maximum_block_proposal_size', 'maximum_bytes_read_per_block', 'maximum_bytes_written_per_block', 'maximum_oracle_response_bytes', 'maximum_http_response_bytes', 'http_request_timeout_ms'];
const POLICY = { ...Object.fromEntries(PRICES.map((k) => [k, '0.'])), ...Object.fromEntries(LIMITS.map((k) => [k, Number(MAX)])), http_request_allow_list: [] };

/** `InitialChainConfig` (linera-base src/data_types.rs) of a root chain owned by one key. */
function chainConfig(owner, balance) {
  return {
    ownership: { super_owners: [], owners: { [owner]: 100 }, multi_leader_rounds: 5, open_multi_leader_rounds: false, timeout_config: { fast_round_duration: null, base_timeout: 10000000, timeout_increment: 1000000, fallback_duration: Number(MAX) } },
    epoch: '0',
    min_active_epoch: '0',
    max_active_epoch: '0',
    balance,
    application_permissions: { execute_operations: null, mandatory_applications: [], close_chain: [], change_application_permissions: [], call_service_as_oracle: null, make_http_requests: null },
  };
}

function createGenesisConfig(args, globals) {
  const { positional, options } = parse(args, {
    options: ['committee', 'genesis', 'initial-funding', 'start-timestamp', 'policy-config', 'testing-prng-seed', 'network-name', 'storage'],
    required: ['committee', 'genesis'],
  });
  const chains = Number(positional[0] ?? usage('the following required arguments were not provided:\n  <NUM_OTHER_INITIAL_CHAINS>'));
  const policy = options['policy-config'] ?? 'no-fees';
  if (!POLICIES.includes(policy.toLowerCase())) usage(`invalid value '${policy}' for '--policy-config <POLICY_CONFIG>'\n  [possible values: ${POLICIES.join(', ')}]`);
  const start = options['start-timestamp'];
  if (start !== undefined && Number.isNaN(Date.parse(start))) usage(`invalid value '${start}' for '--start-timestamp <START_TIMESTAMP>': input contains invalid characters`);
  const wallet = globals.wallet ?? fail('Error: no wallet path');
  const keystore = globals.keystore ?? fail('Error: no keystore path');
  for (const path of [wallet, keystore]) if (existsSync(path)) fail(`Error: ${path === wallet ? 'Wallet' : 'Keystore'} already exists: ${path}`);
  const next = seededBytes(options['testing-prng-seed'] === undefined ? undefined : u64(options['testing-prng-seed'], 'testing-prng-seed'));
  const committee = JSON.parse(readFileSync(options.committee, 'utf8'));
  const micros = Number(BigInt(Date.parse(start ?? new Date().toISOString())) * 1000n);
  const funding = `${options['initial-funding'] ?? '0'}.`.replace(/\.(\d*)\.$/, '.$1');
  const owners = Array.from({ length: chains + 1 }, () => `0x${next('chain owner')}`);
  const descriptions = owners.map((owner, i) => ({ origin: { Root: i }, timestamp: micros, config: chainConfig(owner, funding) }));
  const total = 100 * committee.validators.length;
  const genesis = {
    committee: {
      validators: Object.fromEntries(
        committee.validators.map((v) => [v.public_key, { network_address: `${Object.keys(v.network.protocol)[0]?.toLowerCase()}:${v.network.host}:${v.network.port}`, votes: 100, account_public_key: v.account_key }]),
      ),
      total_votes: total,
      quorum_threshold: Math.floor((2 * total) / 3) + 1,
      validity_threshold: Math.floor(total / 3) + 1,
      policy: POLICY,
    },
    timestamp: micros,
    chains: descriptions,
    network_name: options['network-name'] ?? `linera-${new Date().toISOString().slice(0, 19)}`,
  };
  writeFileSync(options.genesis, `${JSON.stringify(genesis, null, 2)}\n`);
  const chainId = (d) => createHash('sha256').update(JSON.stringify(d)).digest('hex');
  const walletChains = Object.fromEntries(descriptions.map((d, i) => [chainId(d), { owner: owners[i], block_hash: null, next_block_height: 0, timestamp: micros, pending_proposal: null, epoch: '0' }]));
  writeFileSync(wallet, `${JSON.stringify({ chains: walletChains, default: chainId(descriptions[0]), genesis_config: genesis }, null, 2)}\n`);
  writeFileSync(keystore, `${JSON.stringify({ keys: owners.map((o) => [o, [...Buffer.from(JSON.stringify({ Ed25519: next('secret') }))]]) }, null, 2)}\n`);
  initialise(globals.storage ?? options.storage, genesis);
}

/**
 * Only local storage exists here: a RocksDB directory holding one directory per namespace (the
 * default namespace is table_linera, linera-storage src/lib.rs), marked with the network it holds.
 */
function initialise(storage, genesis) {
  const path = join(rocksdbPath(storage), 'table_linera');
  const marker = join(path, 'NETWORK');
  const network = createHash('sha256').update(JSON.stringify(genesis)).digest('hex');
  if (existsSync(marker) && readFileSync(marker, 'utf8') !== network) fail('Error: storage already initialized');
  mkdirSync(path, { recursive: true });
  writeFileSync(join(path, 'CURRENT'), 'MANIFEST-000005\n');
  writeFileSync(marker, network);
}

function rocksdbPath(storage) {
  if (storage === undefined) fail('Error: no storage configuration');
  const match = /^rocksdb:([^:]+)/.exec(storage);
  // scylladb:, service: and the others need a server, which never answers here.
  if (match === null) fail(`Error: could not connect to the storage at ${storage}`);
  return match[1];
}

function storageCommand(args, globals) {
  const [sub, ...rest] = args;
  const { options } = parse(rest, { options: ['storage', 'genesis', 'storage-replication-factor'] });
  const storage = options.storage ?? globals.storage;
  if (sub === 'initialize') {
    if (options.genesis === undefined) usage('the following required arguments were not provided:\n  --genesis <GENESIS_CONFIG_PATH>');
    return initialise(storage, JSON.parse(readFileSync(options.genesis, 'utf8')));
  }
  if (sub === 'check-existence') process.exit(existsSync(join(rocksdbPath(storage), 'table_linera', 'CURRENT')) ? 0 : 1);
  usage(`unrecognized subcommand '${sub}'`);
}

function fail(message) {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

if (tool === 'server') {
  if (argv[0] !== 'generate') usage(`unrecognized subcommand '${argv[0]}'`);
  generate(argv.slice(1));
} else if (tool === 'client') {
  const globals = {};
  let i = 0;
  for (; i < argv.length && argv[i].startsWith('--'); i += 2) {
    const name = argv[i].slice(2);
    if (!['wallet', 'keystore', 'storage'].includes(name)) usage(`unexpected argument '${argv[i]}' found`);
    globals[name] = argv[i + 1];
  }
  const [command, ...rest] = argv.slice(i);
  if (command === 'create-genesis-config') createGenesisConfig(rest, globals);
  else if (command === 'storage') storageCommand(rest, globals);
  else usage(`unrecognized subcommand '${command}'`);
} else usage(`unknown tool ${tool}`);
