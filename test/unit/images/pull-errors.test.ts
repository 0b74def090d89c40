/**
 * A failed `crictl pull` in the node, as the user reads it: crictl ends with logrus.Fatal
 * (cri-tools v1.36.0 cmd/crictl/main.go), containerd v2.3.4 words why (the CRI pulls with client/pull.go:198
 * "failed to resolve reference", core/remotes/docker/resolver.go "not found",
 * images/handlers.go "no match for platform in manifest").
 */
import { describe, expect, test } from 'vitest';
import { classifyPullError } from '../../../src/cluster/node-images.js';
import { parseImageRef } from '../../../src/render/image-ref.js';
import { pullFailedError } from '../../../src/tasks/up/pull-errors.js';

const REF = 'registry.local:5000/linera-validator:nope';
const fatal = (msg: string) => `time="2026-12-05T15:00:00Z" level=fatal msg="${msg.replace(/"/g, '\\"')}"\n`;
const image = { ref: parseImageRef(REF), role: 'workload' as const, users: ['shards (3 validators)', 'proxy (3 validators)'], local: false };

describe('a pull that fails in the node', () => {
  test('a reference no registry has is "missing", with containerd\'s words unquoted', () => {
    const failure = classifyPullError(fatal(`pulling image: failed to pull and unpack image "${REF}": failed to resolve reference "${REF}": ${REF}: not found`));
    expect(failure).toEqual({ failure: 'missing', reason: `failed to pull and unpack image "${REF}": failed to resolve reference "${REF}": ${REF}: not found` });
  });

  test('an index without the node\'s platform is "platform"; anything else (a refused connection) is "unreachable"', () => {
    expect(classifyPullError(fatal(`pulling image: failed to pull and unpack image "${REF}": no match for platform in manifest: not found`)).failure).toBe('platform');
    expect(classifyPullError(fatal(`pulling image: failed to pull and unpack image "${REF}": dial tcp 10.89.0.2:5000: connect: connection refused`)).failure).toBe('unreachable');
  });

  test('stops up with the image, who runs it, and what to do; a missing image is the user\'s to fix', () => {
    const error = pullFailedError([{ node: 'n1', image, failure: 'missing', reason: 'not found' }, { node: 'n2', image, failure: 'missing', reason: 'not found' }], 'linera-light');
    expect(error.message).toBe(`The image ${REF} does not exist in its registry; nothing of the devnet was applied.`);
    expect(error.details).toEqual([`${REF} (for shards (3 validators), proxy (3 validators)) does not exist in its registry: not found`]);
    expect(error.hint).toBe('check the reference in the profile, or push the image to registry.local:5000; devnet images -p linera-light lists every image and where it is');
    const down = pullFailedError([{ node: 'n1', image, failure: 'unreachable', reason: 'connection refused' }], 'linera-light');
    expect(down.hint).toMatch(/^check that this machine reaches registry\.local:5000 \(devnet cache status shows the caches\)/);
  });
});
