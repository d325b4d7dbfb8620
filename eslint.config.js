// Lint with import boundaries (see docs/decisions/workspace.md):
//  - shared imports neither principal nor agent;
//  - agent never imports principal;
//  - the pure core folders import no I/O library (node: modules, client-node, grpc-js, isomorphic-git, nats).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const io = [
  'node:*',
  'fs',
  'net',
  'http',
  'https',
  'child_process',
  '@kubernetes/client-node',
  '@grpc/*',
  'isomorphic-git',
  'isomorphic-git/*',
  'nats',
];
const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }],
});

export default tseslint.config(
  { ignores: ['**/node_modules/**', '.tools/**', '**/dist/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
    },
  },
  {
    files: ['shared/src/**/*.ts'],
    rules: restrict(
      ['@outpost/principal', '@outpost/agent', '**/principal/**', '**/agent/**'],
      'shared must not depend on principal or agent',
    ),
  },
  {
    files: ['agent/src/**/*.ts'],
    rules: restrict(['@outpost/principal', '**/principal/**'], 'the agent never imports the principal'),
  },
  {
    files: [
      'principal/src/appsets/**/*.ts',
      'principal/src/render/core/**/*.ts',
      'principal/src/fleet/core/**/*.ts',
      'agent/src/drift/core/**/*.ts',
      'agent/src/health/**/*.ts',
      'shared/src/core/**/*.ts',
    ],
    ignores: ['**/*.test.ts'],
    rules: restrict(io, 'the pure core imports no I/O library: take a port instead (see DESIGN.md)'),
  },
  {
    files: ['principal/src/cli/**/*.ts', 'scripts/**', 'test/src/bench/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
