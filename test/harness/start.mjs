// `npm start`: builds and packages the extension, installs the .vsix into the cached real VS Code
// (code-server), and serves it on 127.0.0.1 opened on the sample workspace. Ctrl-C stops it all.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { installVsix, startCodeServer, workbenchUrl } from './code-server.mjs';
import { vscodeInstall } from './vscode-paths.mjs';

const root = resolve(import.meta.dirname, '..', '..');
const folder = join(root, 'test', 'fixtures', 'sample-workspace');
const port = Number(process.env.PORT ?? 8080);

execFileSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
// A persistent extensions folder beside the cached VS Code, so settings and state survive restarts.
const extensionsDir = join(`${vscodeInstall().dir}-user`, 'extensions');
mkdirSync(extensionsDir, { recursive: true });
installVsix(join(root, 'dist-vsix', 'lambda-lens.vsix'), extensionsDir);
const server = await startCodeServer({ folder, extensionsDir, port, reconnectionGraceSeconds: 10800 });

process.stdout.write(`\nLambda Lens is running in VS Code (code-server) with the sample workspace.\nOpen: ${workbenchUrl(server, { folder })}\nPress Ctrl-C to stop.\n`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  process.stdout.write('\nStopping…\n');
  await server.stop();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
