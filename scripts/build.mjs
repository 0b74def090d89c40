// Builds dist/ with esbuild: one ESM bundle per entry with shared chunks, so a cold `devnet`
// start loads a handful of files instead of hundreds of modules. Ink, React and the Kubernetes
// client stay external and are imported only by the commands that need them.
// Type checking is separate: npm run typecheck.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
await rm(join(root, 'dist'), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { 'cli/main': 'src/cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  sourcemap: true,
  logLevel: 'warning',
  // grpc-health-check reads its .proto next to its own files at run time, so it cannot be bundled.
  external: ['ink', 'react', 'react/*', '@kubernetes/client-node', 'yoga-layout', '@grpc/grpc-js', 'grpc-health-check'],
  metafile: process.env.DEVNET_BUILD_META === '1',
  // Bundled CommonJS dependencies call require(); give them one.
  banner: { js: "import { createRequire as __devnetRequire } from 'node:module'; const require = __devnetRequire(import.meta.url);" },
  chunkNames: 'cli/[name]-[hash]',
});
