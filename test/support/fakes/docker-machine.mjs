// The fake docker's long-running side, answered from the shared machine state (machine.mjs) with the
// words docker 28.2.2 prints against dockerd 20.10.24: containers, networks, volumes, push/pull/save/
// load, and `docker exec` into a kind node (crictl, ctr: containerd's answers) or a registry cache
// (find over its storage, as distribution lays it out).
import { readFileSync, writeFileSync } from 'node:fs';
import { kindNodes, kindState, loadMachine, mirrorFor, parseRef, saveMachine, sha } from './machine.mjs';

const out = (text) => process.stdout.write(text);
const fail = (text, code = 1) => {
  process.stderr.write(`${text}\n`);
  process.exit(code);
};
const option = (args, name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const CACHE_ROOT = '/var/lib/registry/docker/registry/v2/repositories/';

/** Returns true when it answered the call. */
export function machineCall(args, hasImage, goArch) {
  // A container run in the foreground is executed (docker.mjs), and may take seconds: it must not hold the machine's lock.
  if (args[0] === 'run' && !args.includes('-d')) return false;
  const m = loadMachine();
  const has = (image) => !m.removed.includes(image) && (hasImage(image) || m.images.includes(image));
  const [verb, sub] = args;
  if (verb === 'network') network(m, args);
  else if (verb === 'run' && args.includes('-d')) runDetached(m, args.slice(1), has);
  else if (verb === 'container' && sub === 'inspect') inspect(m, args.at(-1));
  else if (verb === 'start') start(m, args[1]);
  else if (verb === 'rm') remove(m, args.at(-1));
  else if (verb === 'volume' && sub === 'rm') {
    delete m.volumes[args.at(-1)];
    saveMachine(m);
    out(`${args.at(-1)}\n`);
  } else if (verb === 'ps') ps(m, args);
  else if (verb === 'system' && sub === 'df') out(`${JSON.stringify(Object.entries(m.volumes).map(([Name, bytes]) => ({ Name, Size: `${(bytes / 1e6).toFixed(1)}MB` })))}\n`);
  else if (verb === 'exec') exec(m, args.slice(1), goArch);
  else if (verb === 'push') push(m, args[1], has);
  else if (verb === 'pull') pull(m, args.at(-1));
  else if (verb === 'tag' && has(args[1])) tag(m, args[2]);
  else if (verb === 'image' && sub === 'rm') {
    m.images = m.images.filter((i) => i !== args[2]);
    m.removed.push(args[2]);
    saveMachine(m);
  } else if (verb === 'save') save(args, has);
  else if (verb === 'load') load(m, option(args, '-i'));
  else return false;
  return true;
}

function tag(m, image) {
  m.images.push(image);
  m.removed = m.removed.filter((i) => i !== image);
  saveMachine(m);
}

function network(m, args) {
  const name = args.at(-1);
  if (args[1] === 'ls') {
    const wanted = /\^(.*)\$/.exec(args.find((a) => a.startsWith('--filter=name=')) ?? '')?.[1];
    out(`${Object.keys(m.networks).filter((n) => n === wanted).join('\n')}\n`);
  } else if (args[1] === 'inspect' && args[2] === 'bridge') out('1500\n');
  else if (args[1] === 'inspect') {
    if (!m.networks[args[2]]) fail(`Error: No such network: ${args[2]}`);
    const users = [...Object.entries(m.containers).filter(([, c]) => c.networks.includes(args[2])).map(([n]) => n), ...(args[2] === 'kind' ? kindNodes() : [])];
    out(`${users.map((u) => `${u} `).join('')}\n`);
  } else if (args[1] === 'create') {
    if (m.networks[name]) fail(`Error response from daemon: network with name ${name} already exists`);
    m.networks[name] = { options: args.slice(2, -1) };
    saveMachine(m);
    out(`${sha(name).slice(7, 19)}\n`);
  } else if (args[1] === 'connect') {
    const c = m.containers[args[3]];
    if (!c) fail(`Error response from daemon: No such container: ${args[3]}`);
    c.networks.push(args[2]);
    saveMachine(m);
  } else if (args[1] === 'rm') {
    delete m.networks[name];
    saveMachine(m);
    out(`${name}\n`);
  } else fail(`fake docker: unsupported call: ${args.join(' ')}`);
}

function runDetached(m, rest, has) {
  const spec = { labels: {}, env: {}, publish: [], volumes: {}, networks: [] };
  let i = 0;
  for (; i < rest.length && rest[i].startsWith('-'); i++) {
    const flag = rest[i];
    if (flag === '-d') continue;
    const value = rest[++i];
    if (flag === '--name') spec.name = value;
    else if (flag === '--network') spec.networks.push(value);
    else if (flag === '--label') spec.labels[value.split('=')[0]] = value.split('=').slice(1).join('=');
    else if (flag === '--env') spec.env[value.split('=')[0]] = value.split('=').slice(1).join('=');
    else if (flag === '--publish') spec.publish.push(Number(value.split(':').at(-1)));
    else if (flag === '--volume') spec.volumes[value.split(':')[0]] = value.split(':')[1];
    else if (flag !== '--restart') fail(`fake docker: unsupported option ${flag}`, 125);
  }
  const image = rest[i];
  if (m.containers[spec.name]) fail(`docker: Error response from daemon: Conflict. The container name "/${spec.name}" is already in use by container "${sha(spec.name).slice(7)}". You have to remove (or rename) that container to be able to reuse that name.`, 125);
  if (!has(image)) {
    fail(`Unable to find image '${image}' locally\ndocker: Error response from daemon: Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host\n\nRun 'docker run --help' for more information`, 125);
  }
  for (const net of spec.networks) if (!m.networks[net]) fail(`docker: Error response from daemon: network ${net} not found.`, 125);
  const ports = Object.fromEntries(spec.publish.map((p) => [`${p}/tcp`, `127.0.0.1:${m.nextPort++}`]));
  for (const volume of Object.keys(spec.volumes)) m.volumes[volume] ??= 0;
  m.containers[spec.name] = { image, labels: spec.labels, env: spec.env, running: true, networks: spec.networks, ports, volumes: spec.volumes, startedAt: new Date().toISOString(), store: m.containers[spec.name]?.store ?? [] };
  saveMachine(m);
  out(`${sha(spec.name).slice(7)}\n`);
}

function inspect(m, name) {
  const node = kindNodes().includes(name);
  const c = m.containers[name];
  if (!c && !node) fail(`Error response from daemon: No such container: ${name}`);
  if (node) {
    const mounts = (kindState().mounts[name.replace(/-control-plane$/, '')] ?? []).map((mt) => ({ Source: mt.hostPath, Destination: mt.containerPath }));
    out(`${JSON.stringify({ State: { Running: true, Status: 'running' }, Config: { Image: 'kindest/node', Labels: {} }, NetworkSettings: { Networks: { kind: {} }, Ports: {} }, Mounts: mounts })}\n`);
    return;
  }
  const ports = Object.fromEntries(Object.entries(c.ports).map(([p, a]) => [p, [{ HostIp: a.split(':')[0], HostPort: a.split(':')[1] }]]));
  const mounts = Object.entries(c.volumes).map(([Name, Destination]) => ({ Type: 'volume', Name, Source: `/var/lib/docker/volumes/${Name}/_data`, Destination }));
  out(`${JSON.stringify({ State: { Running: c.running, Status: c.running ? 'running' : 'exited', StartedAt: c.startedAt }, Config: { Image: c.image, Labels: c.labels }, NetworkSettings: { Networks: Object.fromEntries(c.networks.map((n) => [n, {}])), Ports: ports }, Mounts: mounts })}\n`);
}

function start(m, name) {
  const c = m.containers[name];
  if (!c) fail(`Error response from daemon: No such container: ${name}\nError: failed to start containers: ${name}`);
  c.running = true;
  c.startedAt = new Date().toISOString();
  saveMachine(m);
  out(`${name}\n`);
}

function remove(m, name) {
  if (!m.containers[name]) fail(`Error response from daemon: No such container: ${name}`);
  delete m.containers[name];
  saveMachine(m);
  out(`${name}\n`);
}

function ps(m, args) {
  const [key, value] = (option(args, '--filter') ?? '').replace(/^label=/, '').split('=');
  out(`${Object.entries(m.containers).filter(([, c]) => c.labels[key] === value).map(([n]) => n).join('\n')}\n`);
}

/** `docker exec NAME …`: a kind node's crictl and ctr, or a cache's find. */
function exec(m, rest, goArch) {
  const [name, program, ...argv] = rest;
  if (kindNodes().includes(name)) return node(m, name, [program, ...argv], goArch);
  const c = m.containers[name];
  if (!c || !c.running) fail(`Error response from daemon: Container ${name} is not running`);
  if (program !== 'find') fail(`fake docker: ${name} has no ${program}`, 126);
  out(c.store.map((ref) => {
    const [repo, tag] = ref.split(':');
    return `${CACHE_ROOT}${repo}/_manifests/tags/${tag}/current/link\n`;
  }).join(''));
}

/** containerd v2.3.4's CRI through crictl v1.36.0: a pull goes to the node's mirror for the registry, then to the registry. */
function node(m, name, argv, goArch) {
  const store = (m.nodes[name] ??= []);
  const command = argv.slice(0, 2).join(' ');
  if (command === 'crictl images') {
    out(`${JSON.stringify({ images: store.map((ref) => ({ id: sha(ref), repoTags: [parseRef(ref).normalised], repoDigests: [], size: '100000000' })) }, null, 2)}\n`);
  } else if (command === 'crictl pull') {
    const ref = argv[2];
    const parsed = parseRef(ref);
    const quoted = `\\"${ref}\\"`;
    if (ref.includes('missing')) fail(`time="2026-01-01T00:00:00Z" level=fatal msg="pulling image: rpc error: code = NotFound desc = failed to pull and unpack image ${quoted}: failed to resolve image: ${parsed.normalised}: not found"`);
    const mirror = mirrorFor(name, parsed.registry);
    const cache = mirror === undefined ? undefined : m.containers[mirror];
    if (cache?.running) {
      const stored = `${parsed.repository}:${parsed.tag}`;
      if (!cache.store.includes(stored)) {
        if (!cache.env.REGISTRY_PROXY_REMOTEURL || process.env.FAKE_REGISTRIES_DOWN === '1') fail(`time="2026-01-01T00:00:00Z" level=fatal msg="pulling image: rpc error: code = NotFound desc = failed to pull and unpack image ${quoted}: failed to resolve image: ${parsed.normalised}: not found"`);
        cache.store.push(stored);
        m.volumes[mirror] = (m.volumes[mirror] ?? 0) + 100e6;
      }
    } else if (process.env.FAKE_REGISTRIES_DOWN === '1' || parsed.registry === 'devnet.local') {
      fail(`time="2026-01-01T00:00:00Z" level=fatal msg="pulling image: rpc error: code = Unknown desc = failed to pull and unpack image ${quoted}: failed to resolve image: failed to do request: Head \\"https://${parsed.registry}/v2/${parsed.repository}/manifests/${parsed.tag}\\": dial tcp: lookup ${parsed.registry}: no such host"`);
    }
    if (!store.includes(ref)) store.push(ref);
    saveMachine(m);
    out(`Image is up to date for ${sha(ref)}\n`);
  } else if (command === 'crictl inspecti') {
    const ref = argv.at(-1);
    if (!store.includes(ref)) fail(`time="2026-01-01T00:00:00Z" level=fatal msg="no such image \\"${ref}\\" present"`);
    out(`${JSON.stringify({ status: { id: sha(ref) }, info: { imageSpec: { os: 'linux', architecture: ref.includes('arm64') ? 'arm64' : goArch } } })}\n`);
  } else if (argv[0] === 'ctr' && argv.includes('active')) out('REF SIZE AGE\n');
  else fail(`fake docker: the node has no ${argv.join(' ')}`, 126);
}

/** Pushing to a registry: a pull-through cache refuses uploads (distribution v3.1.2 answers UNSUPPORTED). */
function push(m, ref, has) {
  const address = ref.split('/')[0];
  const [name, cache] = Object.entries(m.containers).find(([, c]) => Object.values(c.ports).includes(address)) ?? [];
  if (!cache) fail(`Get "http://${address}/v2/": dial tcp ${address}: connect: connection refused`);
  if (!has(ref)) fail(`An image does not exist locally with the tag: ${ref.split(':').slice(0, -1).join(':')}`);
  if (cache.env.REGISTRY_PROXY_REMOTEURL) fail('unsupported: The operation is unsupported.');
  const rest = ref.slice(address.length + 1);
  if (!cache.store.includes(rest)) cache.store.push(rest);
  m.volumes[name] = (m.volumes[name] ?? 0) + 100e6;
  saveMachine(m);
  out(`${rest.split(':').at(-1)}: digest: ${sha(rest)} size: 1234\n`);
}

/** Only a cache on this machine answers: 127.0.0.1:<port>/repo:tag it stores or fetches. */
function pull(m, ref) {
  const address = ref.split('/')[0];
  const cache = Object.values(m.containers).find((c) => Object.values(c.ports).includes(address));
  const repoTag = ref.slice(address.length + 1);
  if (!cache || !cache.running) fail(`Error response from daemon: Get "https://${parseRef(ref).registry}/v2/": dial tcp: lookup ${parseRef(ref).registry} on 10.255.255.53:53: no such host`);
  if (!cache.store.includes(repoTag) && !cache.env.REGISTRY_PROXY_REMOTEURL) fail(`Error response from daemon: manifest for ${ref} not found: manifest unknown: manifest unknown`);
  if (!cache.store.includes(repoTag)) cache.store.push(repoTag);
  tag(m, ref);
  out(`${ref}\n`);
}

/** A stand-in for docker's archive: the names it holds, one JSON document (devnet never reads the file). */
function save(args, has) {
  const file = option(args, '-o');
  const images = args.slice(args.indexOf(file) + 1);
  for (const image of images) if (!has(image)) fail(`Error response from daemon: reference does not exist`);
  writeFileSync(file, JSON.stringify({ images }));
}

/** Only what save wrote loads; anything else gets dockerd 20.10.24's answer to a file that is no tar. */
function load(m, file) {
  let images;
  try {
    ({ images } = JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    fail('Error processing tar file(exit status 1): archive/tar: invalid tar header');
  }
  for (const image of images) {
    tag(m, image);
    out(`Loaded image: ${image}\n`);
  }
}
