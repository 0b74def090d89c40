/**
 * kind's Docker network, made before kind makes it, so devnet's registry caches can join it before
 * the first node exists: the same network kind v0.33.0 would make.
 */
import { createHash } from 'node:crypto';
import { EnvironmentError } from '../errors/index.js';
import { dockerFailed, kindNetworkName, runOptions, type DockerOptions } from './docker.js';

/**
 * Makes kind's network the way kind v0.33.0 makes it on its first `kind create`
 * (pkg/cluster/internal/providers/docker/network.go ensureNetwork, createNetwork): a bridge with IP
 * masquerading, the default bridge's MTU and an IPv6 ULA /64 derived from the name; IPv4 only where
 * Docker has no IPv6; the next derived subnet when one overlaps. kind then finds it and uses it, so
 * devnet's registry caches can join it before the first node exists. Returns whether it was made.
 */
export async function ensureKindNetwork(options: DockerOptions): Promise<boolean> {
  const name = kindNetworkName(options.env);
  if (await networkExists(name, options)) return false;
  const mtu = (await options.run('docker', ['network', 'inspect', 'bridge', '-f', '{{ index .Options "com.docker.network.driver.mtu" }}'], { ...runOptions(options), allowFailure: true })).stdout.trim();
  const base = ['network', 'create', '-d=bridge', '-o', 'com.docker.network.bridge.enable_ip_masquerade=true', ...(/^\d+$/.test(mtu) && mtu !== '0' ? ['-o', `com.docker.network.driver.mtu=${mtu}`] : [])];
  for (let attempt = 0; attempt < 5; attempt++) {
    const made = await options.run('docker', [...base, '--ipv6', '--subnet', ulaSubnet(name, attempt), name], { ...runOptions(options), allowFailure: true });
    if (made.exitCode === 0 || /already exists/.test(made.stderr)) return true;
    // The messages kind matches (network.go isIPv6UnavailableError, isPoolOverlapError).
    if (attempt === 0 && /Cannot read IPv6 setup for bridge|ip6tables/.test(made.stderr)) {
      await options.run('docker', [...base, name], runOptions(options));
      return true;
    }
    if (!/Pool overlaps|networks have overlapping/.test(made.stderr)) throw dockerFailed(`Docker could not create the network ${name}.`, made.stderr);
    if (await networkExists(name, options)) return false;
  }
  throw new EnvironmentError(`Docker found no free IPv6 subnet for the network ${name}.`, { hint: `remove unused networks (docker network prune) and run devnet up again` });
}

/** network.go generateULASubnetFromName: fc00::/8, bytes 2-7 from sha1(name, attempt as int32 little-endian), /64. */
export function ulaSubnet(name: string, attempt: number): string {
  const attemptBytes = Buffer.alloc(4);
  attemptBytes.writeInt32LE(attempt);
  const hash = createHash('sha1').update(name).update(attemptBytes).digest();
  const bytes = [0xfc, 0x00, ...hash.subarray(2, 8), 0, 0, 0, 0, 0, 0, 0, 0];
  const groups = Array.from({ length: 8 }, (_, i) => ((bytes[2 * i] ?? 0) << 8) | (bytes[2 * i + 1] ?? 0));
  return `${ipv6Text(groups)}/64`;
}

/** RFC 5952 text, as Go's net.IP.String writes it: the longest run of two or more zero groups becomes "::". */
function ipv6Text(groups: number[]): string {
  let best = { start: -1, length: 0 };
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < groups.length && groups[j] === 0) j++;
    if (j - i > best.length && j - i >= 2) best = { start: i, length: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.start < 0) return hex.join(':');
  return `${hex.slice(0, best.start).join(':')}::${hex.slice(best.start + best.length).join(':')}`;
}

async function networkExists(name: string, options: DockerOptions): Promise<boolean> {
  const listed = await options.run('docker', ['network', 'ls', `--filter=name=^${name}$`, '--format={{.Name}}'], runOptions(options));
  return listed.stdout.split('\n').includes(name);
}
