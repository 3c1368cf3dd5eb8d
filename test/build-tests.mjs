// Compiles the extension-host suites (test/vscode/*.ts) to out/test/vscode/*.js: VS Code loads
// them in its own extension host, which runs JavaScript. `vscode` and mocha stay external.
import * as esbuild from 'esbuild';
import { readdirSync } from 'node:fs';

export async function buildExtensionHostTests() {
  const entryPoints = readdirSync('test/vscode')
    .filter((f) => f.endsWith('.ts'))
    .map((f) => `test/vscode/${f}`);
  await esbuild.build({
    entryPoints,
    outdir: 'out/test/vscode',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return 'out/test/vscode/index.js';
}

/** Benchmarks that run inside the extension host (bench/vscode/*.ts → out/bench/vscode/*.js). */
export async function buildExtensionHostBenchmarks() {
  const entryPoints = readdirSync('bench/vscode')
    .filter((f) => f.endsWith('.ts'))
    .map((f) => `bench/vscode/${f}`);
  await esbuild.build({
    entryPoints,
    outdir: 'out/bench/vscode',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
    logLevel: 'warning',
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await buildExtensionHostTests();
