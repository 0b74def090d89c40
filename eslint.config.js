// Lint: typescript-eslint's recommended rules plus the layer boundaries of DESIGN.md — pure layers
// (config, networks, render) never reach the edges, and each external system has one module.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import boundaries from 'eslint-plugin-boundaries';
import globals from 'globals';
import { fileURLToPath } from 'node:url';

const layer = (type, pattern) => ({ type, pattern, partialMatch: false });
const may = (from, to) => ({ from: { element: { type: from } }, allow: { to: { element: { types: { anyOf: to } } } } });

// Each external system has exactly one module (STYLE.md): everyone else is pointed to it.
const OWNERS = {
  execa: { files: ['src/system/process.ts'], message: 'run programs through src/system/process.ts' },
  '@kubernetes/client-node': { files: ['src/kube/**'], message: 'talk to Kubernetes through src/kube/' },
  ink: { files: ['src/tui/**'], message: 'render UI through src/tui/ (render* functions)' },
  react: { files: ['src/tui/**'], message: 'render UI through src/tui/ (render* functions)' },
  '@grpc/grpc-js': { files: ['src/system/grpc-health.ts'], message: 'speak gRPC through src/system/grpc-health.ts' },
  'grpc-health-check': { files: ['src/system/grpc-health.ts'], message: 'speak gRPC through src/system/grpc-health.ts' },
};
const restricted = (allowed) => [
  'error',
  {
    paths: [
      ...Object.entries(OWNERS)
        .filter(([name]) => !allowed.includes(name))
        .map(([name, owner]) => ({ name, message: owner.message })),
      { name: 'node:child_process', message: OWNERS.execa.message },
      { name: 'child_process', message: OWNERS.execa.message },
    ],
  },
];
const ownership = [
  { files: ['src/**/*.ts', 'src/**/*.tsx'], ignores: ['src/kube/**', 'src/tui/**', 'src/system/process.ts', 'src/system/grpc-health.ts', 'src/**/*.test.*'], rules: { 'no-restricted-imports': restricted([]) } },
  { files: ['src/kube/**'], ignores: ['src/**/*.test.*'], rules: { 'no-restricted-imports': restricted(['@kubernetes/client-node']) } },
  { files: ['src/tui/**'], ignores: ['src/**/*.test.*'], rules: { 'no-restricted-imports': restricted(['ink', 'react']) } },
  { files: ['src/system/process.ts'], rules: { 'no-restricted-imports': restricted(['execa']) } },
  { files: ['src/system/grpc-health.ts'], rules: { 'no-restricted-imports': restricted(['@grpc/grpc-js', 'grpc-health-check']) } },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test/controlplane/**/*.go'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { languageOptions: { globals: { ...globals.node } } },
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { [fileURLToPath(new URL('./scripts/eslint-resolver.cjs', import.meta.url))]: {} },
      'boundaries/elements': [
        layer('cli', 'src/cli/**'),
        layer('tasks', 'src/tasks/**'),
        layer('config', 'src/config/**'),
        layer('networks', 'src/networks/**'),
        layer('render', 'src/render/**'),
        layer('cluster', 'src/cluster/**'),
        layer('kube', 'src/kube/**'),
        layer('prereqs', 'src/prereqs/**'),
        layer('tui', 'src/tui/**'),
        layer('output', 'src/output/**'),
        layer('system', 'src/system/**'),
        layer('errors', 'src/errors/**'),
        // Interfaces between layers (types only), importable from anywhere.
        layer('contracts', 'src/contracts/**'),
      ],
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          policies: [
            { allow: { to: { element: { type: 'contracts' } } } },
            may('cli', ['cli', 'tasks', 'output', 'system', 'errors']),
            may('tasks', ['tasks', 'config', 'networks', 'render', 'cluster', 'kube', 'prereqs', 'tui', 'output', 'system', 'errors']),
            // config/ knows no network: each kind declares what it needs, and networks/registry.ts joins them.
            may('config', ['config', 'errors']),
            may('networks', ['networks', 'config', 'errors']),
            may('render', ['render', 'networks', 'config', 'errors']),
            may('cluster', ['cluster', 'render', 'system', 'errors']),
            may('kube', ['kube', 'render', 'system', 'errors']),
            may('prereqs', ['prereqs', 'kube', 'system', 'errors']),
            may('tui', ['tui', 'output']),
            may('output', ['output', 'system']),
            may('system', ['system', 'errors']),
            { allow: { to: { module: { origin: 'external' } } } },
            { allow: { to: { module: { origin: 'core' } } } },
          ],
        },
      ],
    },
  },
  ...ownership,
);
