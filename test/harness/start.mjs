// `npm start`: builds and packages the extension, starts the local endpoint, installs the .vsix into
// the cached real VS Code (code-server) and serves it on 127.0.0.1 opened on the sample workspace.
// Ctrl-C stops everything it started.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, installVsix, startCodeServer, workbenchUrl } from './code-server.mjs';
import { vscodeInstall } from './vscode-paths.mjs';
import { documentedHome, startSharedEndpoint, workbenchEnvironment } from './sharedEndpoint.mjs';

const root = resolve(import.meta.dirname, '..', '..');
// The sample workspace is copied to the user's data folder and opened there: deploying and saving
// events write into it, and the repository's copy stays as it is. Files the user changed are kept.
const folder = join(
  process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share'),
  'lambda-lens',
  'sample-workspace',
);
cpSync(join(root, 'test', 'fixtures', 'sample-workspace'), folder, {
  recursive: true,
  force: false,
  errorOnExist: false,
});

async function portToUse() {
  const wanted = Number(process.env.PORT ?? 8080);
  const probe = await import('node:net');
  const free = await new Promise((r) => {
    const server = probe
      .createServer()
      .once('error', () => r(false))
      .listen(wanted, '127.0.0.1', () => server.close(() => r(true)));
  });
  if (free) return wanted;
  const other = await freePort();
  process.stdout.write(`Port ${wanted} is in use; using ${other} (set PORT to choose).\n`);
  return other;
}

execFileSync('npm', ['run', '--silent', 'package'], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
});
// One endpoint on the documented home for the editor and the terminal alike; it outlives Ctrl-C.
const home = documentedHome();
let endpoint;
try {
  endpoint = await startSharedEndpoint({ root, home, log: (chunk) => process.stderr.write(chunk) });
} catch (error) {
  // Most often one is already running on the same home (a terminal's `lambda-lens serve`): the extension reuses it.
  process.stdout.write(`Not starting a local endpoint here: ${error.message}\n`);
}
// A persistent extensions folder beside the cached VS Code, so installed state survives restarts.
const extensionsDir = join(`${vscodeInstall().dir}-user`, 'extensions');
mkdirSync(extensionsDir, { recursive: true });
installVsix(join(root, 'dist-vsix', 'lambda-lens.vsix'), extensionsDir);
const server = await startCodeServer({
  folder,
  extensionsDir,
  env: workbenchEnvironment(home),
  port: await portToUse(),
  reconnectionGraceSeconds: 10800,
});

process.stdout.write(
  [
    '',
    'Lambda Lens is running in VS Code (code-server) with the sample workspace.',
    `Open: ${workbenchUrl(server, { folder })}`,
    `Local endpoint${endpoint ? ` ${endpoint.url}` : ''} on ${home}, shared with the CLI: node dist/cli.js functions`,
    'Press Ctrl-C to stop.',
    '',
  ].join('\n'),
);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  process.stdout.write('\nStopping…\n');
  await server.stop();
  await endpoint?.stop();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
