// One build script for every bundle (the shape of vscode-extension-samples/esbuild-sample).
//   dist/extension.js  activation bundle: the view, the commands' ids and the output channel
//   dist/workbench.js  the rest of the extension's own parts (the tree, the commands), required on first need
//   dist/features.js   the commands' features (invoke, deploy, sample events, the panel), required lazily
//   dist/lenses.js     the handler CodeLenses, required when a handler's language is first open
//   dist/profiles.js   the AWS profile reader alone, for the Functions view's first draw
//   dist/cloud.js      the cloud layer with the AWS SDK, required lazily on first use
//   dist/followWorker.js  a log document's follow, in a worker thread of the extension host (requires cloud.js)
//   dist/iam.js        the IAM SDK alone, required when an execution role is first created
//   dist/events.js     the offline event catalog, required lazily on first use
//   dist/cli.js        the `lambda-lens` command
// `--production` minifies and drops source maps; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
  // jsonc-parser's "main" is a UMD build whose inner requires esbuild cannot follow; its ES build bundles cleanly.
  alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
};

/**
 * `import * as vscode from 'vscode'` becomes `__toESM(require("vscode"))` in every module that has
 * it, and each call copies the whole API object (hundreds of properties, as getters): measured
 * in the extension host at 0.5–1.5 ms a copy, 10–15 ms of activation for our 15 modules. The
 * API object is already a plain namespace whose `default` we never use, so every module can take
 * it as it is. The build fails if the output's shape ever differs from what this expects.
 */
const vscodeWithoutInteropCopies = {
  name: 'vscode-without-interop-copies',
  setup(build) {
    build.onEnd((result) => {
      if (result.errors.length) return;
      const file = build.initialOptions.outfile;
      const code = readFileSync(file, 'utf8');
      const requires = code.split('require("vscode")').length - 1;
      const wrapped = [...code.matchAll(/([\w$]+)\(require\("vscode"\)\)/g)];
      const helpers = new Set(wrapped.map((m) => m[1]));
      if (wrapped.length !== requires || helpers.size > 1) {
        throw new Error(
          `${file}: expected every require("vscode") inside one interop helper, found ${wrapped.length} of ${requires} in ${[...helpers].join(', ')}`,
        );
      }
      writeFileSync(file, code.replace(/[\w$]+\(require\("vscode"\)\)/g, 'require("vscode")'));
    });
  },
};

const builds = [
  {
    ...common,
    entryPoints: ['src/extension/main.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode'],
    plugins: [vscodeWithoutInteropCopies],
  },
  // The extension's parts behind activation (the tree, the commands' table), loaded on first need.
  {
    ...common,
    entryPoints: ['src/extension/workbench.ts'],
    outfile: 'dist/workbench.js',
    external: ['vscode'],
    plugins: [vscodeWithoutInteropCopies],
  },
  // The features reached through a command (invoke, deploy, sample events, the panel), loaded on first use.
  {
    ...common,
    entryPoints: ['src/extension/features.ts'],
    outfile: 'dist/features.js',
    external: ['vscode'],
    plugins: [vscodeWithoutInteropCopies],
  },
  // The handler CodeLenses, loaded when the first JavaScript, TypeScript or Python file is open.
  {
    ...common,
    entryPoints: ['src/extension/lenses.ts'],
    outfile: 'dist/lenses.js',
    external: ['vscode'],
    plugins: [vscodeWithoutInteropCopies],
  },
  // The AWS profile reader alone, for the Functions view's first draw (cloudLoader.ts says why).
  { ...common, entryPoints: ['src/cloud/profiles.ts'], outfile: 'dist/profiles.js' },
  // esbuild (for TypeScript handlers) has a native binary: loaded at run time, never bundled.
  // The IAM SDK (for creating an execution role) is its own bundle, required on that need (src/cloud/iamSdk.ts).
  // The SDK's ES module builds (its packages' "module"), not their CommonJS ones: those re-export
  // each package into the next by copying its properties at load, and bundle what is never used;
  // the ES builds are scope-hoisted and tree-shaken. A quarter smaller, and loaded in about half
  // the time (~60 ms, not ~110): the editor's first cloud call waits for it, and so does a log
  // follow's start, whose worker thread loads it anew.
  {
    ...common,
    entryPoints: ['src/cloud/index.ts'],
    outfile: 'dist/cloud.js',
    external: ['esbuild', '@aws-sdk/client-iam'],
    mainFields: ['module', 'main'],
  },
  { ...common, entryPoints: ['src/cloud/iamBundle.ts'], outfile: 'dist/iam.js' },
  // A log document's follow, run in a worker thread (src/extension/logs/followWorker.ts says why).
  {
    ...common,
    entryPoints: ['src/extension/logs/followThread.ts'],
    outfile: 'dist/followWorker.js',
  },
  // The estimate panel's webview script (a browser bundle: it talks to the host only by messages).
  {
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    entryPoints: ['media/estimate/main.ts'],
    outfile: 'dist/media/estimate.js',
  },
  // The offline event catalog, required by the extension the first time an event is generated.
  { ...common, entryPoints: ['src/core/events/catalog.ts'], outfile: 'dist/events.js' },
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    external: ['esbuild', '@aws-sdk/client-iam'],
    // The SDK's ES module builds, as for dist/cloud.js: every command starts ~15-20 ms sooner.
    mainFields: ['module', 'main'],
    banner: { js: '#!/usr/bin/env node' },
  },
  // The runtime that runs inside local Node.js execution environments (never minified: users read its stack frames).
  {
    ...common,
    minify: false,
    sourcemap: false,
    entryPoints: ['src/local/runtime/bootstraps/node-bootstrap.js'],
    outfile: 'dist/runtimes/node-bootstrap.js',
  },
];

mkdirSync('dist/runtimes', { recursive: true });
// The packaged extension carries esbuild's JavaScript API and this platform's binary, so deploying a
// TypeScript handler works in a workspace without esbuild of its own (cloud/deploy/bundleTypeScript.ts).
if (production) {
  const require = createRequire(import.meta.url);
  const api = dirname(require.resolve('esbuild/package.json'));
  const platformPackage = `@esbuild/${process.platform}-${process.arch === 'x64' ? 'x64' : process.arch}`;
  mkdirSync('dist/esbuild/lib', { recursive: true });
  mkdirSync('dist/esbuild/bin', { recursive: true });
  copyFileSync(join(api, 'lib', 'main.js'), 'dist/esbuild/lib/main.js');
  copyFileSync(join(api, 'package.json'), 'dist/esbuild/package.json');
  let binary;
  try {
    binary = require.resolve(`${platformPackage}/bin/esbuild`);
  } catch {
    binary = undefined;
  }
  if (binary && existsSync(binary)) {
    copyFileSync(binary, 'dist/esbuild/bin/esbuild');
    chmodSync('dist/esbuild/bin/esbuild', 0o755);
  }
}
copyFileSync(
  'src/local/runtime/bootstraps/python-bootstrap.py',
  'dist/runtimes/python-bootstrap.py',
);

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
