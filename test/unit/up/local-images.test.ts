/**
 * Images built on this machine (devnet.local/…): which a devnet needs, what is said when Docker
 * lacks one, which go into the kind node, and what a pod that cannot pull one is told.
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { localImageId } from '../../../src/cluster/docker.js';
import type { RunOptions } from '../../../src/contracts/runner.js';
import { EnvironmentError, ExitCode } from '../../../src/errors/index.js';
import { localImagesOf } from '../../../src/networks/local-images.js';
import { buildCommand, missingImagesError } from '../../../src/tasks/local-images.js';
import type { PodObject } from '../../../src/kube/conditions.js';
import { commandLines } from '../../../src/output/command-line.js';
import { LABEL } from '../../../src/render/labels.js';
import { hintFor } from '../../../src/tasks/up/diagnose.js';
import { imagesToLoad } from '../../../src/tasks/up/images.js';
import type { Target } from '../../../src/tasks/target.js';
import { loadShipped, ROOT } from '../../support/profiles.js';

const STORAGE_IMAGE = 'devnet.local/linera-storage-server:0.15.23';

describe('the local images of a devnet', () => {
  test('linera-light needs the storage server image, built from the Dockerfile devnet ships', () => {
    expect(localImagesOf(loadShipped('linera-light').topology)).toEqual([{ image: STORAGE_IMAGE, users: ['storage'], dockerfileDir: 'docker/linera-storage-server' }]);
  });

  test('with a server per validator, every validator that runs it is named', () => {
    const [image] = localImagesOf(loadShipped('linera-light', ['linera.storage.layout=per-validator']).topology);
    expect(image?.users).toEqual(['validator-0/storage', 'validator-1/storage', 'validator-2/storage']);
  });

  test('an image of the user\'s own under devnet.local/ counts too, init containers included', () => {
    const images = localImagesOf(loadShipped('linera', ['linera.images.client=devnet.local/linera:dev']).topology);
    expect(images).toEqual([{ image: 'devnet.local/linera:dev', users: ['validator-0/storage-init', 'validator-0/shards', 'validator-0/proxy', 'validator-1/storage-init', 'validator-1/shards', 'validator-1/proxy', 'validator-2/storage-init', 'validator-2/shards', 'validator-2/proxy'] }]);
  });

  test('the ScyllaDB profiles pull everything from registries', () => {
    expect(localImagesOf(loadShipped('linera').topology)).toEqual([]);
    expect(localImagesOf(loadShipped('linera-production').topology)).toEqual([]);
  });
});

describe('the build command in messages', () => {
  const [image] = localImagesOf(loadShipped('linera-light').topology);
  if (image === undefined) throw new Error('no local image');

  test('from the checkout it is the documented one, a path relative to it', () => {
    expect(buildCommand(image, ROOT, ROOT)).toBe(`docker build -t ${STORAGE_IMAGE} docker/linera-storage-server`);
  });

  test('from elsewhere the Dockerfile directory is absolute, so the command works as printed', () => {
    expect(buildCommand(image, '/home/me/project', ROOT)).toBe(`docker build -t ${STORAGE_IMAGE} ${join(ROOT, 'docker', 'linera-storage-server')}`);
  });

  test('a missing image is refused as something the machine lacks (exit 3), with that command', () => {
    const error = missingImagesError([image], ROOT, 'devnet up -p linera-light', ROOT);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect(error.exitCode).toBe(ExitCode.environment);
    expect(error.message).toBe(`Docker has no image ${STORAGE_IMAGE} (for storage); nothing was created or changed.`);
    expect(error.hint).toContain(`docker build -t ${STORAGE_IMAGE} docker/linera-storage-server, then run devnet up -p linera-light again`);
  });

  test('an image devnet has no Dockerfile for is named with what the user can do', () => {
    const error = missingImagesError([image, { image: 'devnet.local/mine:1', users: ['validator-0/shards'] }], ROOT, 'devnet up -p linera-light', ROOT);
    expect(error.message).toBe('Docker lacks 2 images this devnet runs; nothing was created or changed.');
    expect(error.details).toEqual([
      `${STORAGE_IMAGE} (for storage): docker build -t ${STORAGE_IMAGE} docker/linera-storage-server`,
      'devnet.local/mine:1 (for validator-0/shards): build it on this machine (docker build -t devnet.local/mine:1 DIR) or give an image you have that name (docker tag IMAGE devnet.local/mine:1)',
    ]);
  });
});

describe('what goes into the kind node', () => {
  const flags = (loadImages: string[]) => ({ loadImages }) as unknown as Parameters<typeof imagesToLoad>[0]['flags'];
  const target = (provider: Target['provider']) => ({ provider, kubeconfig: '', context: undefined, clusterName: 'linera-light' });
  const loaded = loadShipped('linera-light') as unknown as Parameters<typeof imagesToLoad>[0]['loaded'];

  test('the profile\'s local images after the --load-image ones, each once', () => {
    expect(imagesToLoad({ flags: flags(['linera:dev', STORAGE_IMAGE]), loaded, target: target('kind') })).toEqual(['linera:dev', STORAGE_IMAGE]);
    expect(imagesToLoad({ flags: flags([]), loaded, target: target('kind') })).toEqual([STORAGE_IMAGE]);
  });

  test('an existing cluster gets none of the profile\'s: devnet cannot load into it', () => {
    expect(imagesToLoad({ flags: flags([]), loaded, target: target('existing') })).toEqual([]);
  });
});

describe('asking Docker for a local image', () => {
  const answering = (exitCode: number, stdout: string, stderr: string) => async (_command: string, _args: readonly string[], _options?: RunOptions) => ({ exitCode, stdout, stderr });

  test('its id when Docker has it', async () => {
    expect(await localImageId(STORAGE_IMAGE, { run: answering(0, 'sha256:abc\n', ''), env: {} })).toBe('sha256:abc');
  });

  test('undefined when Docker says it has no such image', async () => {
    const stderr = `Error response from daemon: no such image: ${STORAGE_IMAGE}: No such image: ${STORAGE_IMAGE}\n`;
    expect(await localImageId(STORAGE_IMAGE, { run: answering(1, '', stderr), env: {} })).toBeUndefined();
  });

  test('a daemon that does not answer is an error about Docker, not a missing image', async () => {
    const stderr = 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n';
    await expect(localImageId(STORAGE_IMAGE, { run: answering(1, '', stderr), env: {} })).rejects.toThrow('Docker could not say whether it has the image');
  });
});

describe('a pod that cannot pull a local image', () => {
  const pod = { metadata: { name: 'storage-0', namespace: 'll-shared', labels: { [LABEL.validator]: 'shared' } } } as unknown as PodObject;
  const lines = commandLines({ profile: 'linera-light', set: ['name=ll'] });

  test('is told the image is built here and loaded by up, not to check its tag; the commands carry the profile', () => {
    const hint = hintFor({ state: 'waiting', ready: '0/1', restarts: 0, fatal: true, reason: 'ErrImagePull', message: `rpc error: failed to pull and unpack image "${STORAGE_IMAGE}": dial tcp: lookup devnet.local: no such host` }, pod, lines);
    expect(hint).toContain(`${STORAGE_IMAGE} is built on this machine and never pulled`);
    expect(hint).toContain('devnet up -p linera-light --set name=ll loads it into kind');
    expect(hint).toContain('(devnet doctor -p linera-light --set name=ll names the command that builds it)');
  });

  test('a registry image still gets the usual advice', () => {
    expect(hintFor({ state: 'waiting', ready: '0/1', restarts: 0, fatal: true, reason: 'ImagePullBackOff', message: 'Back-off pulling image "docker.io/parity/polkadot:nope"' }, pod, lines)).toContain('check the image name and tag');
  });
});
