// A minimal import resolver for eslint-plugin-boundaries: our ESM sources import './x.js' for
// './x.ts' (or .tsx), which the stock node resolver cannot map. Packages go to the node resolver.
// (eslint-import-resolver-typescript pulls in native bindings the package mirror here lacks.)
const { existsSync } = require('node:fs');
const { dirname, resolve } = require('node:path');
const node = require('eslint-import-resolver-node');

exports.interfaceVersion = 2;

exports.resolve = (source, file, config) => {
  if (!source.startsWith('.')) return node.resolve(source, file, config);
  const base = resolve(dirname(file), source);
  const candidates = [base, base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx'), `${base}.ts`, `${base}/index.ts`];
  const found = candidates.find((candidate) => existsSync(candidate) && !candidate.endsWith('/'));
  return found === undefined ? { found: false } : { found: true, path: found };
};
