#!/usr/bin/env node
// The only place that ends the process: main() returns an exit code and never exits itself.
const [major] = process.versions.node.split('.').map(Number);
if (major < 22) {
  process.stderr.write(
    `devnet needs Node.js >= 22 (this is ${process.version}).\n` +
      'Run `source scripts/env.sh` from the devnet checkout to use a local Node 24, or install one from https://nodejs.org.\n',
  );
  process.exit(1);
}
// A reader that stops early (devnet render | head) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}
// React (the dashboard) runs its production build unless told otherwise.
process.env.NODE_ENV ??= 'production';
// Cache compiled code between runs: it roughly halves the cold start of every command.
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();
let main;
try {
  ({ main } = await import('../dist/cli/main.js'));
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  // A checkout that was never built (or whose dependencies are missing) is a setup step, not a crash.
  const root = new URL('..', import.meta.url).pathname;
  const built = String(error.message).includes('/dist/cli/main.js');
  process.stderr.write(
    built
      ? `devnet is not built yet: run \`npm ci && npm run build\` in ${root}.\n`
      : `devnet's dependencies are missing (${error.message.split('\n')[0]}): run \`npm ci\` in ${root}.\n`,
  );
  process.exit(3);
}
process.exitCode = await main(process.argv.slice(2));
