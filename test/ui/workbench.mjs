// For UI tests: a real workbench with Lambda Lens installed from the packaged .vsix, as a user
// installs it, open on the sample workspace in headless Chromium.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  installVsix,
  launchBrowser,
  startCodeServer,
  workbenchUrl,
} from '../harness/code-server.mjs';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const VSIX = join(ROOT, 'dist-vsix', 'lambda-lens.vsix');
export const SAMPLE_WORKSPACE = join(ROOT, 'test', 'fixtures', 'sample-workspace');
export const RESULTS = join(ROOT, 'test-results');

export async function openWorkbench({
  folder = SAMPLE_WORKSPACE,
  env = {},
  viewport = { width: 1280, height: 800 },
} = {}) {
  if (!existsSync(VSIX)) throw new Error(`${VSIX} is missing: run \`npm run package\` first`);
  mkdirSync(RESULTS, { recursive: true });
  const extensionsDir = mkdtempSync(join(tmpdir(), 'll-ui-ext-'));
  installVsix(VSIX, extensionsDir);
  const server = await startCodeServer({ folder, extensionsDir, env });
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport });
  await page.goto(workbenchUrl(server, { folder }));
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  return {
    page,
    server,
    async close() {
      await browser.close().catch(() => {});
      await server.stop();
      rmSync(extensionsDir, { recursive: true, force: true });
    },
  };
}

/** Clicks the Lambda icon in the activity bar, as a user opens the view. */
export async function openLambdaView(page) {
  await page.locator('.activitybar [aria-label^="Lambda"]').first().click({ timeout: 60_000 });
  await page
    .locator('#workbench\\.parts\\.sidebar .composite.title', { hasText: 'Lambda: Functions' })
    .waitFor({ timeout: 60_000 });
}
