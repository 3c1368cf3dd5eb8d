// Runs the extension-host suites with @vscode/test-electron's runTests(). On these machines the
// "VS Code executable" is the code-server harness (desktop VS Code cannot be downloaded); set
// LAMBDA_LENS_DESKTOP_VSCODE=1 on a machine with internet to run the same suites in desktop VS Code.
import { runTests } from '@vscode/test-electron';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildExtensionHostTests } from '../build-tests.mjs';

const root = resolve(import.meta.dirname, '..', '..');
const testsEntry = resolve(root, await buildExtensionHostTests());
const desktop = process.env.LAMBDA_LENS_DESKTOP_VSCODE === '1';

// The extension's local endpoint keeps its store here, never in the user's own home.
const home = mkdtempSync(join(tmpdir(), 'll-vscode-home-'));
process.env.LAMBDA_LENS_HOME = home;
// The suites deploy from and save events into their workspace: a copy, so the repository's stays as it is.
const workspace = join(home, 'workspace');
cpSync(resolve(root, 'test', 'fixtures', 'sample-workspace'), workspace, { recursive: true });
// AWS config files the explorer suites read: a profile without credentials, an SSO profile whose
// session is not signed in, and static keys that no endpoint accepts. No network is needed.
writeFileSync(
  join(home, 'aws-config'),
  [
    '[profile nocreds]',
    'region = eu-west-1',
    '',
    '[profile sso-expired]',
    'sso_session = corp',
    'sso_account_id = 123456789012',
    'sso_role_name = Developer',
    'region = us-east-2',
    '',
    '[sso-session corp]',
    'sso_start_url = https://example.invalid/start',
    'sso_region = us-east-1',
    '',
  ].join('\n'),
);
writeFileSync(
  join(home, 'aws-credentials'),
  [
    '[wrongkeys]',
    'aws_access_key_id = LLIAWRONGWRONGWRONG0',
    'aws_secret_access_key = wrong-secret',
    '',
  ].join('\n'),
);
process.env.AWS_CONFIG_FILE = join(home, 'aws-config');
process.env.AWS_SHARED_CREDENTIALS_FILE = join(home, 'aws-credentials');
process.env.AWS_EC2_METADATA_DISABLED = 'true';
for (const name of [
  'AWS_PROFILE',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
])
  delete process.env[name];
try {
  await runTests({
    ...(desktop
      ? {}
      : { vscodeExecutablePath: resolve(root, 'test', 'harness', 'code-server-as-electron.mjs') }),
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
