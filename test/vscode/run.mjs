// Runs the extension-host suites with @vscode/test-electron's runTests(). On these machines the
// "VS Code executable" is the code-server harness (desktop VS Code cannot be downloaded); set
// LAMBDA_LENS_DESKTOP_VSCODE=1 on a machine with internet to run the same suites in desktop VS Code.
import { runTests } from '@vscode/test-electron';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildExtensionHostTests } from '../build-tests.mjs';

const root = resolve(import.meta.dirname, '..', '..');
const testsEntry = resolve(root, await buildExtensionHostTests());
const workspace = resolve(root, 'test', 'fixtures', 'sample-workspace');
const desktop = process.env.LAMBDA_LENS_DESKTOP_VSCODE === '1';

// The extension's local endpoint keeps its store here, never in the user's own home.
const home = mkdtempSync(join(tmpdir(), 'll-vscode-home-'));
process.env.LAMBDA_LENS_HOME = home;
try {
  await runTests({
    ...(desktop ? {} : { vscodeExecutablePath: resolve(root, 'test', 'harness', 'code-server-as-electron.mjs') }),
    extensionDevelopmentPath: root,
    extensionTestsPath: testsEntry,
    launchArgs: [workspace, '--disable-extensions'],
  });
} catch (error) {
  console.error(`extension-host tests failed: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
} finally {
  rmSync(home, { recursive: true, force: true });
}
