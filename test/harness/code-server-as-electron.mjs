#!/usr/bin/env node
// An executable with the command line of desktop VS Code's Electron binary, as
// @vscode/test-electron's runTests() calls it:
//   code-server-as-electron --extensionDevelopmentPath=DIR --extensionTestsPath=FILE [FOLDER] [...]
// It runs the same extension-host tests in the cached code-server inside headless Chromium (the
// only real VS Code reachable on these machines) and exits with the tests' exit code.
import { format } from 'node:util';
import { resolve } from 'node:path';
import { startCodeServer, launchBrowser, workbenchUrl, codeServerVersion } from './code-server.mjs';

const TIMEOUT_MS = Number(process.env.LAMBDA_LENS_VSCODE_TIMEOUT_MS ?? 300_000);
// The workbench logs through the same channel as the tests; its offline complaints (no GitHub,
// no gallery, no Copilot, no sqlite in this trimmed install) say nothing about our extension.
const WORKBENCH_NOISE =
  /^\[(AgentHost|ChatModelSelection|RemoteAgentHostProtocol|AccountPolicyGate|Service Worker|reconnection-grace-time|AgentHost:remote)\]|^(Resolving connection token|Resolved connection token|Creating a socket|Updating additional builtin|Timed out waiting for authentication provider)|ENOTFOUND|EAI_AGAIN|open-vsx|^Exit code:/;

function parseArgs(argv) {
  const options = {
    folder: undefined,
    extensionDevelopmentPath: undefined,
    extensionTestsPath: undefined,
  };
  for (const arg of argv) {
    const match = /^--(extensionDevelopmentPath|extensionTestsPath)=(.*)$/.exec(arg);
    if (match) options[match[1]] = resolve(match[2]);
    else if (!arg.startsWith('-')) options.folder = resolve(arg);
    // Electron-only flags (--no-sandbox, --disable-updates, --skip-welcome, …) do not apply here.
  }
  return options;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!options.extensionDevelopmentPath || !options.extensionTestsPath) {
    process.stderr.write(
      'usage: code-server-as-electron --extensionDevelopmentPath=DIR --extensionTestsPath=FILE [FOLDER]\n',
    );
    return 2;
  }
  const version = codeServerVersion();
  process.stdout.write(
    `Running extension-host tests in VS Code ${version.code} (code-server ${version.codeServer}, headless Chromium)\n`,
  );
  const verbose = process.env.LAMBDA_LENS_VSCODE_VERBOSE === '1';
  const server = await startCodeServer({
    smokeTestDriver: true,
    log: verbose ? (line) => process.stderr.write(`[code-server] ${line}\n`) : () => {},
  });
  const browser = await launchBrowser();
  let exitCode = 1;
  try {
    const page = await browser.newPage();
    const done = new Promise((resolveExit) => {
      // Exposed before navigation, as the workbench looks for them while it starts.
      void page.exposeFunction('codeAutomationLog', (type, args) => {
        const text = format(...(Array.isArray(args) ? args : [args]));
        if (!verbose && WORKBENCH_NOISE.test(text)) return;
        (type === 'error' ? process.stderr : process.stdout).write(`${text}\n`);
      });
      void page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
    });
    if (verbose) page.on('console', (msg) => process.stderr.write(`[page] ${msg.text()}\n`));
    await page.goto(workbenchUrl(server, options));
    const timeout = new Promise((r) =>
      setTimeout(() => {
        process.stderr.write(`extension-host tests did not finish within ${TIMEOUT_MS / 1000} s\n`);
        r(1);
      }, TIMEOUT_MS).unref(),
    );
    exitCode = await Promise.race([done, timeout]);
  } finally {
    await browser.close().catch(() => {});
    await server.stop();
  }
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
  },
);
