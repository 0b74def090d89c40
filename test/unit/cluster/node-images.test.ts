/** A kind node whose image store does not answer is the user's to know about (a command to run, exit 3), not a bug of devnet's. */
import { describe, expect, test } from 'vitest';
import { nodeImages } from '../../../src/cluster/node-images.js';
import type { Runner } from '../../../src/contracts/runner.js';
import { ExitCode, ExternalCommandError } from '../../../src/errors/index.js';

const answering = (answer: { stdout?: string; stderr?: string; exitCode: number }): Runner => async () => ({ stdout: answer.stdout ?? '', stderr: answer.stderr ?? '', exitCode: answer.exitCode });

async function refusal(answer: Parameters<typeof answering>[0]): Promise<unknown> {
  return nodeImages('dn-control-plane', { run: answering(answer), env: {} }).then(() => undefined, (error: unknown) => error);
}

describe('the images of a kind node', () => {
  test('listed from crictl\'s JSON', async () => {
    const stdout = JSON.stringify({ images: [{ id: 'sha256:1', repoTags: ['docker.io/library/registry:3'], repoDigests: [], size: '1000' }] });
    expect(await nodeImages('dn-control-plane', { run: answering({ stdout, exitCode: 0 }), env: {} })).toEqual([{ id: 'sha256:1', names: ['docker.io/library/registry:3'], bytes: 1000 }]);
  });

  test('crictl failing names the node, what it said and the command, with exit 3', async () => {
    const error = await refusal({ stderr: 'connect: connection refused', exitCode: 1 });
    expect(error).toBeInstanceOf(ExternalCommandError);
    expect((error as ExternalCommandError).message).toBe('The kind node dn-control-plane could not list its images: connect: connection refused.');
    expect((error as ExternalCommandError).command).toBe('docker exec dn-control-plane crictl images -o json');
    expect((error as ExternalCommandError).hint).toContain('kind export logs --name dn');
    expect((error as ExternalCommandError).exitCode).toBe(ExitCode.environment);
  });

  test('an answer that is not JSON is said as such, not thrown as a parse error', async () => {
    const error = await refusal({ stdout: '{"images": [', exitCode: 0 });
    expect(error).toBeInstanceOf(ExternalCommandError);
    expect((error as ExternalCommandError).message).toContain('crictl answered something that is not JSON ({"images": [)');
  });
});
