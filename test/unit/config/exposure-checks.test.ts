/**
 * Host names, class names and scrape intervals are checked when the profile is, with the rules
 * of the API that will receive them (Gateway API v1.6.1 hostname pattern, RFC 1123 names,
 * prometheus-operator v0.93.0's Duration pattern), so a typo fails at its line, not at apply time.
 */
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkProfile } from '../../../src/networks/registry.js';
import { formatProblem } from '../../../src/config/problem.js';
import { load, problems, ROOT } from '../../support/profiles.js';

const checked = (text: string) => {
  const result = checkProfile({ file: 'profile.yaml', text });
  if (!result.ok) throw new Error(result.errors.map(formatProblem).join('\n'));
  return result;
};

const header = 'apiVersion: devnet/v1\nname: demo\nnetwork: linera\n';
const exposure = (yaml: string) => `${header}linera:\n  exposure:\n${yaml}`;
const monitor = (interval: string) => `${header}linera:\n  serviceMonitor:\n    enabled: true\n    interval: ${interval}\n`;

describe('refused at profile-check time, at their line', () => {
  const cases: { name: string; text: string; expected: string }[] = [
    {
      name: 'an upper-case domain',
      text: exposure('    gateway: { enabled: true, hostname: Devnet.Example.com }\n'),
      expected: 'profile.yaml:6:41  linera.exposure.gateway.hostname: must be a lower-case DNS name such as "devnet.example.com"',
    },
    {
      name: 'a label that starts with "-"',
      text: exposure('    ingress:\n      enabled: true\n      hostname: -grpc.example.com\n'),
      expected: 'profile.yaml:8:17  linera.exposure.ingress.hostname: must be a lower-case DNS name such as "devnet.example.com"',
    },
    {
      name: 'an empty label',
      text: exposure('    gateway: { hostname: "grpc..example.com" }\n'),
      expected: 'profile.yaml:6:26  linera.exposure.gateway.hostname: must be a lower-case DNS name such as "devnet.example.com"',
    },
    {
      name: 'a wildcard (devnet puts validator-N in front itself)',
      text: exposure('    gateway: { hostname: "*.example.com" }\n'),
      expected: 'profile.yaml:6:26  linera.exposure.gateway.hostname: must be a lower-case DNS name such as "devnet.example.com"',
    },
    {
      name: 'a label longer than 63 characters',
      text: exposure(`    gateway: { hostname: ${'a'.repeat(64)}.example.com }\n`),
      expected: 'profile.yaml:6:26  linera.exposure.gateway.hostname: each dot-separated part must be at most 63 characters',
    },
    {
      name: 'a domain too long once validator-N. is put in front',
      text: exposure(`    gateway:\n      enabled: true\n      hostname: ${Array.from({ length: 4 }, () => 'a'.repeat(61)).join('.')}\n`),
      expected: 'profile.yaml:8:17  linera.exposure.gateway.hostname: gives validator-2 the host name validator-2.aaaa',
    },
    {
      name: 'a client host with a space',
      text: exposure('    host: "my laptop"\n'),
      expected: 'profile.yaml:6:11  linera.exposure.host: must be a host name such as "localhost" or "devnet.example.com", or an IP address',
    },
    {
      name: 'a GatewayClass name that is not a Kubernetes name',
      text: exposure('    gateway: { enabled: true, className: Envoy_Gateway }\n'),
      expected: 'profile.yaml:6:42  linera.exposure.gateway.className: must be the name of a GatewayClass: lower-case letters, digits, "-" and "."',
    },
    {
      name: 'an IngressClass name that is not a Kubernetes name',
      text: exposure('    ingress: { className: "nginx internal" }\n'),
      expected: 'profile.yaml:6:27  linera.exposure.ingress.className: must be the name of an IngressClass: lower-case letters, digits, "-" and "."',
    },
    {
      name: 'an issuer name that is not a Kubernetes name',
      text: exposure('    ingress: { enabled: true, tls: { issuer: { kind: ClusterIssuer, name: "Lets Encrypt" } } }\n'),
      expected: 'linera.exposure.ingress.tls.issuer.name: must be the name of an Issuer or ClusterIssuer: lower-case letters, digits, "-" and "."',
    },
    {
      name: 'a listen address that is a host name: kind binds host ports to an address',
      text: `${header}cluster: { listenAddress: localhost }\n`,
      expected: 'profile.yaml:4:27  cluster.listenAddress: must be an IP address such as 127.0.0.1',
    },
    {
      name: 'a cache remote keyed by something that is not a registry host: the key is named, with the form it must take',
      text: `${header}cluster:\n  cache:\n    remotes:\n      "my registry": http://10.0.0.5:5000\n`,
      expected: 'profile.yaml:7:7  cluster.cache.remotes."my registry": is not a valid key: must be a registry host such as "quay.io" or "registry.local:5000"',
    },
    {
      name: 'a scrape interval with its units out of order',
      text: monitor('30s1m'),
      expected: 'profile.yaml:7:15  linera.serviceMonitor.interval: must be a Prometheus duration such as "30s", "1m" or "1m30s" (units y, w, d, h, m, s, ms, largest first)',
    },
    {
      name: 'a scrape interval without a unit',
      text: monitor('"30"'),
      expected: 'profile.yaml:7:15  linera.serviceMonitor.interval: must be a Prometheus duration such as "30s", "1m" or "1m30s"',
    },
    {
      name: 'a zero scrape interval',
      text: monitor('0s'),
      expected: 'profile.yaml:7:15  linera.serviceMonitor.interval: must be longer than 0',
    },
  ];
  test.each(cases)('$name', ({ text, expected }) => {
    const found = problems(text);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(expected);
  });
});

describe('accepted', () => {
  test.each([
    ['a domain', exposure('    gateway: { enabled: true, hostname: grpc.devnet.example.com, className: eg }\n')],
    ['an IP address for clients', exposure('    host: 192.168.1.20\n')],
    ['an IPv6 address for clients', exposure('    host: "::1"\n')],
    ['a Prometheus duration with several units', monitor('1m30s')],
    ['a scrape interval in milliseconds', monitor('500ms')],
  ])('%s', (_, text) => {
    expect(() => load(text)).not.toThrow();
  });

  test('a listen address beyond loopback opens every validator\'s ports to the network, and devnet says so', () => {
    for (const address of ['0.0.0.0', '192.168.1.20', '::']) {
      const { warnings } = checked(`${header}cluster: { listenAddress: "${address}" }\n`);
      expect(warnings.map(formatProblem)).toEqual([expect.stringMatching(/cluster\.listenAddress: is [0-9.:]+: every validator's host ports \(19100-19107\), RPC and P2P included, are open to/)]);
    }
    for (const address of ['127.0.0.1', '127.0.1.1', '::1']) expect(checked(`${header}cluster: { listenAddress: "${address}" }\n`).warnings).toEqual([]);
  });

  test('the Gateway says plainly that it has no TLS, in the schema and in explain\'s flows', () => {
    const { topology } = load(exposure('    gateway: { enabled: true }\n'));
    expect(topology.flows).toContain('client → Gateway (class default) on port 80 → GRPCRoute → proxy: plaintext, NO TLS; gRPC travels unencrypted (exposure.ingress gives TLS)');
    const schema = JSON.parse(readFileSync(join(ROOT, 'profiles', 'devnet-profile.schema.json'), 'utf8')) as { $defs?: unknown };
    expect(JSON.stringify(schema)).toContain('No TLS: each Gateway listens for plaintext HTTP on port 80');
  });

  test('the Gateway class and Ingress class have documented defaults', () => {
    const { profile } = load(header);
    expect(profile.network === 'linera' ? [profile.linera.exposure.gateway.className, profile.linera.exposure.ingress.className] : []).toEqual(['default', 'nginx']);
  });
});
