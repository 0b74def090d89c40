/**
 * The registry program users' caches run (`registry:3`), built here because no registry is reachable
 * from the test machines: `go install` of github.com/distribution/distribution/v3/cmd/registry at
 * v3.1.2, the release registry:3 ships, laid out as that release's own Dockerfile lays it out
 * (binary at /bin/registry, cmd/registry/config-dev.yml at /etc/distribution/config.yml, a volume at
 * /var/lib/registry, port 5000, ENTRYPOINT registry, CMD serve <config>, OTEL_TRACES_EXPORTER=none),
 * on the tier's Debian base instead of Alpine. The tests point devnet at it with cluster.cache.image
 * and run it a second time, without a proxy, as the "upstream" registry.
 */
import { join } from 'node:path';
import { execa } from 'execa';
import { cachedDir, contentKey, kindCacheRoot } from './cache.js';
import { dockerBuild, imageExists, removeOtherTags } from './docker-build.js';
import { run, step, type Say } from './run.js';

export const DISTRIBUTION = { module: 'github.com/distribution/distribution/v3', version: 'v3.1.2' } as const;

export async function ensureRegistryImage(base: string, goVersionLine: string, progress: Say): Promise<string> {
  const key = contentKey(DISTRIBUTION, base, goVersionLine);
  const tag = `devnet.local/registry:${DISTRIBUTION.version.slice(1)}-${key}`;
  if (await imageExists(tag)) return tag;
  const { dir } = await cachedDir(join(kindCacheRoot(), `registry-${key}`), async (into) => {
    await step(`go install ${DISTRIBUTION.module}/cmd/registry@${DISTRIBUTION.version}`, progress, () =>
      run('go', ['install', '-trimpath', '-ldflags', '-s -w', `${DISTRIBUTION.module}/cmd/registry@${DISTRIBUTION.version}`], {
        env: { GOBIN: join(into, 'bin'), CGO_ENABLED: '0', GOTOOLCHAIN: 'local', GOFLAGS: '-buildvcs=false' },
      }),
    );
  });
  const { stdout } = await execa('go', ['mod', 'download', '-json', `${DISTRIBUTION.module}@${DISTRIBUTION.version}`], { env: { GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod' } });
  const source = (JSON.parse(stdout) as { Dir: string }).Dir;
  const dockerfile = [
    `FROM ${base}`,
    'COPY config.yml /etc/distribution/config.yml',
    'COPY registry /bin/registry',
    'VOLUME ["/var/lib/registry"]',
    'ENV OTEL_TRACES_EXPORTER=none',
    'EXPOSE 5000',
    'ENTRYPOINT ["registry"]',
    'CMD ["serve", "/etc/distribution/config.yml"]',
  ].join('\n');
  await step(`docker build ${tag}`, progress, () => dockerBuild(tag, `${dockerfile}\n`, { registry: join(dir, 'bin', 'registry'), 'config.yml': join(source, 'cmd', 'registry', 'config-dev.yml') }));
  await removeOtherTags(tag);
  return tag;
}
