/**
 * What every pod devnet renders gives up (kube-score and checkov's findings): no API token, no
 * privilege escalation, no capabilities, the runtime's default seccomp profile, and a non-root
 * user where the image has one. The Pod Security admission itself is checked against the real
 * API server in test/cluster/pod-security.test.ts.
 */
import { describe, expect, test } from 'vitest';
import { generateKeys } from '../../../src/networks/builtin-keys.js';
import { lineraPlaceholders } from '../../../src/networks/linera/genesis.js';
import { withEntries } from '../../../src/networks/material.js';
import type { Topology } from '../../../src/networks/topology.js';
import { renderObjects } from '../../../src/render/index.js';
import type { KubeObject } from '../../../src/render/kube-object.js';
import { loadShipped, SHIPPED } from '../../support/profiles.js';
import type { Json } from '../../support/objects.js';

function render(topology: Topology): KubeObject[] {
  const request = topology.material;
  const material =
    request.kind === 'linera'
      ? lineraPlaceholders(request)
      : withEntries(generateKeys(request.keys, 'seed'), Object.fromEntries(request.discovered.map((name) => [name, ''])));
  return renderObjects(topology, material, { showSecrets: false });
}

/** Every pod template, by "Kind namespace/name". */
function podSpecs(objects: KubeObject[]): [string, Json][] {
  return objects
    .filter((o) => o.kind === 'StatefulSet' || o.kind === 'Job')
    .map((o) => [`${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`, (o as Json).spec.template.spec]);
}

const containersOf = (spec: Json): Json[] => [...(spec.initContainers ?? []), ...spec.containers];

describe.each(SHIPPED)('%s: every pod', (profile) => {
  const pods = podSpecs(render(loadShipped(profile).topology));

  test('has workloads to check', () => expect(pods.length).toBeGreaterThan(0));

  test.each(pods)('%s gets no API token and the RuntimeDefault seccomp profile', (_, spec) => {
    expect(spec.automountServiceAccountToken).toBe(false);
    expect(spec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
  });

  test.each(pods)('%s: each container cannot escalate and drops every capability', (_, spec) => {
    for (const container of containersOf(spec)) {
      expect(container.securityContext, container.name).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    }
  });
});

describe('the user a pod runs as', () => {
  test('substrate: the polkadot image\'s own non-root user, by number, so the kubelet can check it', () => {
    const [, spec] = podSpecs(render(loadShipped('substrate').topology))[0] ?? [];
    expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000 });
  });

  test.each(['linera', 'codex'])('%s: the image runs as root, so no non-root user is claimed', (profile) => {
    for (const [, spec] of podSpecs(render(loadShipped(profile).topology))) {
      expect(spec.securityContext.runAsNonRoot).toBeUndefined();
      expect(spec.securityContext.runAsUser).toBeUndefined();
    }
  });

  test('a substrate image that runs as root is declared with runAs: null', () => {
    const [, spec] = podSpecs(render(loadShipped('substrate', ['substrate.runAs=null']).topology))[0] ?? [];
    expect(spec.securityContext).toEqual({ seccompProfile: { type: 'RuntimeDefault' }, fsGroup: 1000 });
  });

  test('another non-root user is taken as given', () => {
    const [, spec] = podSpecs(render(loadShipped('substrate', ['substrate.runAs={user: 10001, group: 10002}']).topology))[0] ?? [];
    expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10002 });
  });
});

describe('binding a port below 1024', () => {
  test('keeps the one capability that allows it, NET_BIND_SERVICE', () => {
    const [, spec] = podSpecs(render(loadShipped('substrate', ['substrate.ports.rpc.port=443']).topology))[0] ?? [];
    expect(spec.containers[0].securityContext.capabilities).toEqual({ drop: ['ALL'], add: ['NET_BIND_SERVICE'] });
  });
});
