// `npm start`'s one local endpoint: on the documented home (the one the CLI uses from a terminal),
// and the workbench's extension pointed at that same home, so the tree and `lambda-lens functions`
// show the same functions and nothing lives in a scratch folder that Ctrl-C removes.
import { spawn } from 'node:child_process';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/**
 * The documented home, as src/core/localHome.ts's defaultLocalHome reads it (a test holds the two
 * equal): $LAMBDA_LENS_HOME, else the XDG data folder's lambda-lens/local.
 */
export function documentedHome(env = process.env, userHome = homedir()) {
  if (env.LAMBDA_LENS_HOME) return env.LAMBDA_LENS_HOME;
  return `${env.XDG_DATA_HOME || `${userHome}/.local/share`}/lambda-lens/local`;
}

/**
 * What the workbench's extension host gets on top of its scratch folders: the home named outright,
 * because VS Code's own XDG_DATA_HOME there is a scratch folder that would otherwise decide it.
 */
export function workbenchEnvironment(home) {
  return { LAMBDA_LENS_HOME: home };
}

/**
 * `lambda-lens serve` on `home`, stopped when our stdin to it closes. Resolves to
 * { child, url, home, accessKeyId, secretAccessKey, stop() }; rejects when it cannot start
 * (most often: one already runs on this home, which the extension and the CLI then reuse).
 * `log` receives its stderr (its request log and warnings).
 */
export async function startSharedEndpoint({ root, home, env = process.env, log = () => {} }) {
  const child = spawn(
    process.execPath,
    [join(root, 'dist', 'cli.js'), 'serve', '--json', '--stop-on-stdin-close', '--home', home],
    { env, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  // Ctrl-C reaches it too; closing stdin after it has gone must not throw EPIPE at npm start.
  child.stdin.on('error', () => {});
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
    log(d);
  });
  const line = await new Promise((resolveLine, reject) => {
    createInterface({ input: child.stdout }).once('line', resolveLine);
    child.once('exit', (code) =>
      reject(
        new Error(
          `the local endpoint exited with ${code}${stderr.trim() ? `: ${stderr.trim()}` : ''}`,
        ),
      ),
    );
  });
  const exited = new Promise((r) => child.once('exit', r));
  return {
    child,
    ...JSON.parse(line),
    /** Stops it as npm start's Ctrl-C does: closes its stdin and waits for it to exit. */
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.stdin.end();
      await exited;
    },
  };
}
