// Lint rules, including the layer rule for packages (see docs/ARCHITECTURE.md). The rule for our
// own folders (core imports nothing of ours, cloud and local only core, nobody imports extension
// or cli) is enforced by test/unit/layers.test.ts, which resolves every relative import.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
// Last, so no rule about layout argues with Prettier (docs/ARCHITECTURE.md, "Code format").
import prettierCompatible from 'eslint-config-prettier';

const io = [
  'fs',
  'node:fs',
  'fs/promises',
  'node:fs/promises',
  'child_process',
  'node:child_process',
  'http',
  'node:http',
  'https',
  'node:https',
  'net',
  'node:net',
  'dgram',
  'node:dgram',
  'worker_threads',
  'node:worker_threads',
];

function restrict(names, patterns, why) {
  return {
    'no-restricted-imports': [
      'error',
      {
        paths: names.map((name) => ({ name, message: why })),
        patterns: patterns.length ? [{ group: patterns, message: why }] : [],
      },
    ],
  };
}

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'out/**',
      'dist-vsix/**',
      'node_modules/**',
      'test/fixtures/**',
      'test-results/**',
      '.vscode-test/**',
      'scratch/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['src/core/**'],
    rules: restrict(
      ['vscode', ...io],
      ['@aws-sdk/*', '@smithy/*'],
      'src/core is pure domain logic: no vscode, no AWS SDK, no I/O.',
    ),
  },
  {
    files: ['src/cloud/**', 'src/local/**', 'src/cli/**'],
    rules: restrict(['vscode'], [], 'Only src/extension may use the vscode API.'),
  },
  {
    // Runs inside a function's own Node.js process as plain CommonJS.
    files: ['src/local/runtime/bootstraps/**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['media/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  prettierCompatible,
);
