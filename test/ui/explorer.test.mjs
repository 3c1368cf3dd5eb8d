import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { zipSync } from 'fflate';
import { openLambdaView, openWorkbench, RESULTS } from './workbench.mjs';
import { startServeProcess } from '../integration/endpoint.ts';

const SERVICES = [
  'orders',
  'payments',
  'users',
  'search',
  'emails',
  'images',
  'reports',
  'billing',
  'auth',
  'carts',
];

/** A home with many functions, and AWS config files with a profile that has no credentials. */
async function seed() {
  const home = mkdtempSync(join(tmpdir(), 'll-ui-explorer-'));
  const serve = await startServeProcess(home);
  const lambda = new LambdaClient({ endpoint: serve.url, region: 'us-east-1', credentials: serve });
  const zip = zipSync({ 'index.js': new TextEncoder().encode('exports.handler = async () => 1;') });
  const names = SERVICES.flatMap((s) => [`${s}-api`, `${s}-worker`, `${s}-cron`]);
  await Promise.all(
    names.map((name, i) =>
      lambda.send(
        new CreateFunctionCommand({
          FunctionName: name,
          Role: 'arn:aws:iam::123456789012:role/x',
          Runtime: ['nodejs20.x', 'python3.12', 'nodejs22.x'][i % 3],
          Handler: 'index.handler',
          Code: { ZipFile: zip },
          MemorySize: [128, 512, 1024][i % 3],
          Architectures: [i % 2 ? 'arm64' : 'x86_64'],
        }),
      ),
    ),
  );
  lambda.destroy();
  serve.child.kill('SIGTERM');
  await new Promise((r) => serve.child.once('exit', r));
  writeFileSync(join(home, 'aws-config'), '[profile staging]\nregion = eu-west-1\n');
  writeFileSync(join(home, 'aws-credentials'), '');
  return home;
}

test(
  'the explorer with many functions, a filter and an error node that says what to do',
  { timeout: 240_000 },
  async () => {
    const home = await seed();
    const workbench = await openWorkbench({
      env: {
        LAMBDA_LENS_HOME: home,
        AWS_CONFIG_FILE: join(home, 'aws-config'),
        AWS_SHARED_CREDENTIALS_FILE: join(home, 'aws-credentials'),
        AWS_EC2_METADATA_DISABLED: 'true',
      },
      // Tall enough for the 30 functions, the profile and its error node at once.
      viewport: { width: 1280, height: 1200 },
    });
    const sidebar = (text) =>
      workbench.page.locator('#workbench\\.parts\\.sidebar .monaco-list-row', { hasText: text });
    try {
      const { page } = workbench;
      await openLambdaView(page);
      await page.getByRole('treeitem', { name: 'Local connection, this machine' }).click();
      await sidebar('orders-api').waitFor({ timeout: 60_000 });
      await sidebar('staging').first().click();
      const error = sidebar('No credentials for profile "staging"');
      await error.waitFor({ timeout: 60_000 });
      await page.screenshot({ path: join(RESULTS, 'explorer-many.png') });

      await page.keyboard.press('F1');
      await page.keyboard.type('Lambda: Filter Functions');
      await page
        .locator('.quick-input-list .monaco-list-row', { hasText: 'Filter Functions' })
        .first()
        .waitFor();
      await page.keyboard.press('Enter');
      // The command's own input box (not the palette's): its prompt says what to type.
      await page
        .locator('.quick-input-widget', { hasText: 'Show functions whose name contains' })
        .waitFor({ timeout: 30_000 });
      await page.keyboard.type('api');
      await page.keyboard.press('Enter');
      // A filtered view offers Clear Filter in its title bar (the description is the API's to check).
      await page
        .locator('#workbench\\.parts\\.sidebar .composite.title [aria-label^="Clear Filter"]')
        .waitFor({ timeout: 30_000 });
      await sidebar('orders-worker').waitFor({ state: 'detached', timeout: 30_000 });
      const shown = await page
        .locator('#workbench\\.parts\\.sidebar .monaco-list-row')
        .allInnerTexts();
      const functions = shown.filter((t) => /-(api|worker|cron)/.test(t));
      assert.ok(
        functions.length >= 5 && functions.every((t) => t.includes('-api')),
        `only -api functions are shown: ${functions.join(' | ')}`,
      );
      assert.ok(await error.isVisible(), 'the error node stays visible');
      const screenshot = join(RESULTS, 'explorer-filter-error.png');
      await page.screenshot({ path: screenshot });
      console.log(`screenshots: ${RESULTS}/explorer-many.png, ${screenshot}`);
    } catch (e) {
      await workbench.page
        .screenshot({ path: join(RESULTS, 'explorer-failure.png') })
        .catch(() => {});
      throw e;
    } finally {
      await workbench.close();
      rmSync(home, { recursive: true, force: true });
    }
  },
);
