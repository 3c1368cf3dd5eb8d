// Starts the cached code-server (the real VS Code workbench and extension host) on loopback and
// opens it in headless Debian Chromium through playwright-core. Shared by the extension-host test
// runner, the UI tests, the activation benchmark and `npm start`.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureVscodeInstalled } from './vscode-install.mjs';
import { vscodeInstall } from './vscode-paths.mjs';

export const CHROMIUM = process.env.LAMBDA_LENS_CHROMIUM ?? '/usr/bin/chromium';

// Offline noise: the gallery, GitHub sign-in and update checks cannot reach the network here.
const NOISE =
  /(ENOTFOUND|EAI_AGAIN|getaddrinfo|marketplace|gallery|update check|github\.com|ECONNREFUSED.*:443|telemetry)/i;

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export function codeServerVersion() {
  ensureVscodeInstalled();
  const { nodeBin, codeServerDir } = vscodeInstall();
  const scratch = mkdtempSync(join(tmpdir(), 'll-cs-version-'));
  try {
    const out = execFileSync(
      nodeBin,
      [join(codeServerDir, 'out', 'node', 'entry.js'), '--version'],
      {
        env: { ...process.env, XDG_CONFIG_HOME: scratch, XDG_DATA_HOME: scratch },
        encoding: 'utf8',
      },
    );
    // "4.139.1 <commit> with Code 1.139.1", possibly after log lines
    const match = /^(\d+\.\d+\.\d+) \S+ with Code (\S+)/m.exec(out);
    if (!match) throw new Error(`could not read code-server's version from: ${out}`);
    return { codeServer: match[1], code: match[2] };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Installs a .vsix into an extensions folder with code-server's own CLI, as a user would. */
export function installVsix(vsixPath, extensionsDir) {
  ensureVscodeInstalled();
  const { nodeBin, codeServerDir } = vscodeInstall();
  const scratch = mkdtempSync(join(tmpdir(), 'll-cs-install-'));
  try {
    execFileSync(
      nodeBin,
      [
        join(codeServerDir, 'out', 'node', 'entry.js'),
        '--extensions-dir',
        extensionsDir,
        '--install-extension',
        vsixPath,
        '--force',
      ],
      {
        env: { ...process.env, XDG_CONFIG_HOME: scratch, XDG_DATA_HOME: scratch },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * The environment code-server and its extension host run with: VS Code's own config and data in
 * `scratch`, and `env` on top of ours (a test's or npm start's choices, e.g. LAMBDA_LENS_HOME).
 */
export function extensionHostEnvironment(scratch, env = {}) {
  return {
    ...process.env,
    ...env,
    XDG_CONFIG_HOME: join(scratch, 'xdg-config'),
    XDG_DATA_HOME: join(scratch, 'xdg-data'),
  };
}

/**
 * Settings that make code-server's workbench behave as desktop VS Code's does. Desktop's extension
 * host is local and looks for no ports to forward; code-server's is remote, and its port finder
 * runs `exec` from the extension host's main thread every few seconds, whose spawn held it
 * 100-200 ms at a time here (the editor's own stutter, in tests, benches and `npm start` alike).
 */
export const DESKTOP_LIKE_SETTINGS = {
  'remote.autoForwardPorts': false,
  'remote.autoForwardPortsSource': 'output',
};

/**
 * Starts code-server. Returns { url, port, stop() }. `env` reaches the extension host.
 * `smokeTestDriver` lets the page carry an extension-development payload (tests).
 * `reconnectionGraceSeconds` is how long a closed page's extension host waits for it to return.
 * `settings` become the user's settings.json (DESKTOP_LIKE_SETTINGS unless given).
 */
export async function startCodeServer({
  folder,
  extensionsDir,
  env = {},
  smokeTestDriver = false,
  settings = DESKTOP_LIKE_SETTINGS,
  port,
  reconnectionGraceSeconds = 10,
  log = () => {},
} = {}) {
  ensureVscodeInstalled();
  const { nodeBin, codeServerDir } = vscodeInstall();
  const scratch = mkdtempSync(join(tmpdir(), 'll-cs-'));
  const userDataDir = join(scratch, 'user-data');
  const extDir = extensionsDir ?? join(scratch, 'extensions');
  mkdirSync(userDataDir, { recursive: true });
  mkdirSync(extDir, { recursive: true });
  if (settings) {
    mkdirSync(join(userDataDir, 'User'), { recursive: true });
    writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  }
  const chosenPort = port ?? (await freePort());
  const args = [
    join(codeServerDir, 'out', 'node', 'entry.js'),
    '--bind-addr',
    `127.0.0.1:${chosenPort}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extDir,
    // A closed page's extension host then exits soon instead of waiting hours for a reconnect.
    '--reconnection-grace-time',
    String(reconnectionGraceSeconds),
  ];
  if (smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  if (folder) args.push(folder);
  const child = spawn(nodeBin, args, {
    env: extensionHostEnvironment(scratch, env),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const forward = (chunk) => {
    for (const line of chunk.toString().split('\n'))
      if (line.trim() && !NOISE.test(line)) log(line);
  };
  child.stdout.on('data', forward);
  child.stderr.on('data', forward);
  const url = `http://127.0.0.1:${chosenPort}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`code-server exited with ${child.exitCode} before it was ready`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error('code-server did not answer /healthz within 30 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  let stopped = false;
  return {
    url,
    port: chosenPort,
    extensionsDir: extDir,
    async stop() {
      if (stopped) return;
      stopped = true;
      const exited = new Promise((r) => child.once('exit', r));
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }, 3000);
      if (child.exitCode === null) await exited;
      clearTimeout(timer);
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/**
 * Debian's Chromium is the browser these machines can have (a browser download fails here).
 * Installed on first use when missing and we may (root), so `npm test` works on a fresh machine.
 */
export function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium (sudo apt-get install chromium) or set LAMBDA_LENS_CHROMIUM`,
    );
  }
  process.stderr.write('[harness] installing Debian chromium (once, about a minute)\n');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

export async function launchBrowser() {
  ensureChromium();
  const { chromium } = await import('playwright-core');
  // Playwright gives every launch a fresh, empty profile of its own.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** The workbench URL that opens `folder` and, for tests, carries the development payload. */
export function workbenchUrl(
  server,
  { folder, extensionDevelopmentPath, extensionTestsPath } = {},
) {
  const params = new URLSearchParams();
  if (folder) params.set('folder', folder);
  if (extensionDevelopmentPath) {
    const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(extensionDevelopmentPath)],
      ['skipWelcome', 'true'],
    ];
    if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
    params.set('payload', JSON.stringify(payload));
  }
  return `${server.url}/?${params}`;
}
