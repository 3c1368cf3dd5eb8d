// The whole loop as a user clicks through it in a real workbench (the packaged .vsix, headless
// Chromium): lenses above a handler, Invoke locally with a generated S3 event, the result; Deploy
// from the palette with its first-deploy questions and its result; the estimate panel's webview.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvokeCommand, LambdaClient, UpdateFunctionCodeCommand } from '@aws-sdk/client-lambda';
import { strToU8, zipSync } from 'fflate';
import { openWorkbench, RESULTS, SAMPLE_WORKSPACE } from './workbench.mjs';
import { README_IMAGES, screenshot } from './screenshots.mjs';
import { runningEndpoint } from '../../src/local/home.ts';

const HOSTILE =
  "<img src=x onerror=\"document.title='pwned'\"><script>document.title='pwned'</script>";

/**
 * An invocation whose REPORT carries markup in its Error Type, written by the local endpoint itself
 * (a REPORT line the function or PutLogEvents writes is not counted at all): the function's code is
 * replaced by one that fails with a runtime error named with markup, and invoked. The panel must
 * show that name as text.
 */
async function invokeWithHostileErrorType(home, functionName) {
  const endpoint = runningEndpoint(home);
  assert.ok(endpoint, 'the extension started the local endpoint on the test home');
  const lambda = new LambdaClient({
    endpoint: endpoint.url,
    region: 'us-east-1',
    credentials: endpoint.credentials,
  });
  const code = `export const handler = async () => { const e = new Error('hostile'); e.name = ${JSON.stringify(`Runtime.${HOSTILE}`)}; throw e; };\n`;
  await lambda.send(
    new UpdateFunctionCodeCommand({
      FunctionName: functionName,
      ZipFile: zipSync({ 'index.mjs': strToU8(code) }),
    }),
  );
  const out = await lambda.send(
    new InvokeCommand({ FunctionName: functionName, Payload: strToU8('{}') }),
  );
  assert.equal(out.FunctionError, 'Unhandled');
  lambda.destroy();
}

/** Runs a palette command by its title. */
async function palette(page, title) {
  await page.keyboard.press('F1');
  await page.keyboard.type(title);
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: title })
    .first()
    .waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter');
}

/** Picks an item of the open quick pick by typing its text (the list only renders what fits). */
async function choose(page, text) {
  await page
    .locator('.quick-input-widget .quick-input-list .monaco-list-row')
    .first()
    .waitFor({ timeout: 30_000 });
  await page.locator('.quick-input-widget .quick-input-box input').fill(text);
  const row = page
    .locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: text })
    .first();
  await row.waitFor({ timeout: 30_000 });
  await row.click();
}

async function openFile(page, name) {
  await page.keyboard.press('Control+P');
  await page.keyboard.type(name);
  // Click the file's own row: Enter takes the first row, which may still be a recently opened file
  // while the search for the typed name is under way (a loaded machine showed it).
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
  await row.waitFor({ timeout: 30_000 });
  await row.click();
  await page.locator('.tab.active', { hasText: name }).waitFor({ timeout: 30_000 });
}

test(
  'lenses, Invoke locally with a sample event, Deploy and the estimate panel in a real workbench',
  { timeout: 300_000 },
  async () => {
    const home = mkdtempSync(join(tmpdir(), 'll-ui-workflow-'));
    const folder = join(home, 'workspace');
    cpSync(SAMPLE_WORKSPACE, folder, { recursive: true });
    const workbench = await openWorkbench({
      folder,
      env: {
        LAMBDA_LENS_HOME: home,
        AWS_CONFIG_FILE: join(home, 'none'),
        AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
        AWS_EC2_METADATA_DISABLED: 'true',
      },
      viewport: { width: 1400, height: 900 },
    });
    const { page } = workbench;
    // The README's tour shows the lenses, an invoke's result and a deploy's (screenshots.mjs).
    const shot = (name) =>
      screenshot(page, name, {
        keep: ['lenses.png', 'invoke-result.png', 'deploy-result.png'].includes(name)
          ? [README_IMAGES]
          : [],
      });
    try {
      // Lenses above the handler.
      await openFile(page, 'index.mjs');
      const invokeLocally = page
        .locator('.contentWidgets .codelens-decoration a', { hasText: 'Invoke locally' })
        .first();
      await invokeLocally.waitFor({ timeout: 60_000 });
      // Waited for, not sampled: the lenses are drawn again when the function's REPORT lines
      // arrive (the estimate's figures), and a check between the two drawings finds none.
      await page
        .locator('.contentWidgets .codelens-decoration a', { hasText: 'Deploy' })
        .first()
        .waitFor({ timeout: 30_000 });
      await shot('lenses.png');

      // Invoke locally with a generated S3 put event.
      await invokeLocally.click();
      await choose(page, 'Sample event…');
      await choose(page, 's3');
      await choose(page, 'put');
      await choose(page, 'Generate with these values');
      await page
        .locator('.tab.active', { hasText: 'hello-node-response.json' })
        .waitFor({ timeout: 90_000 });
      await page
        .locator('.view-lines', { hasText: 'Hello from hello-node' })
        .first()
        .waitFor({ timeout: 30_000 });
      // The status bar says a few words that fit; the whole headline is its tooltip and accessible name.
      await page
        .locator('.statusbar [aria-label*="cold start, init"]', {
          hasText: /hello-node · [\d.]+ ms · cold start$/,
        })
        .first()
        .waitFor({ timeout: 30_000 });
      await shot('invoke-result.png');

      // Deploy a TypeScript handler from the palette (bundled by the esbuild the .vsix carries): the
      // first-deploy questions, then the result with its actions; Invoke from there.
      await openFile(page, 'index.ts');
      await palette(page, 'Lambda: Deploy to Lambda');
      for (let question = 0; question < 5; question++) {
        // Each question has its own title: answer one only once it is showing (and focused).
        await page
          .locator('.quick-input-widget .quick-input-title', {
            hasText: `Deploy to Local · us-east-1 (${question + 1}/5)`,
          })
          .waitFor({ timeout: 30_000 });
        await page.locator('.quick-input-widget .quick-input-box input').focus();
        if (question === 0) {
          await page.keyboard.press('End');
          await page.keyboard.type('-ui');
        }
        await page.keyboard.press('Enter');
      }
      const done = page.locator('.notification-toast', {
        hasText: 'hello-typescript-ui created on Local',
      });
      await done.waitFor({ timeout: 90_000 });
      assert.ok(await done.locator('.monaco-button', { hasText: 'Show in Explorer' }).isVisible());
      await shot('deploy-result.png');
      await done.locator('.monaco-button', { hasText: 'Invoke' }).click();
      await choose(page, 'Empty event: {}');
      await page
        .locator('.tab.active', { hasText: 'hello-typescript-ui-response.json' })
        .waitFor({ timeout: 90_000 });
      await page
        .locator('.view-lines', { hasText: 'typescript' })
        .first()
        .waitFor({ timeout: 30_000 });

      // The estimate panel of the function invoked above, rendered in its webview; a REPORT line
      // whose Error Type is markup shows as text and runs nothing.
      await invokeWithHostileErrorType(home, 'hello-node');
      await palette(page, 'Lambda: Show Cost and Cold Starts');
      await choose(page, 'hello-node');
      const webview = page
        .frameLocator('iframe.webview.ready')
        .last()
        .frameLocator('#active-frame');
      await webview
        .locator('h2', { hasText: 'Power Tuning: cost and duration against memory' })
        .waitFor({ timeout: 60_000 });
      await webview
        .locator('dd', { hasText: /^2REPORT lines/ })
        .first()
        .waitFor({ timeout: 30_000 }); // the invocation and the hostile one
      await webview
        .locator('dd', { hasText: '<img src=x onerror=' })
        .first()
        .waitFor({ timeout: 30_000 });
      assert.equal(await webview.locator('img').count(), 0, 'the markup was not parsed');
      assert.equal(
        await webview.locator('script', { hasText: 'pwned' }).count(),
        0,
        'no script from the logs got in',
      );
      assert.notEqual(
        await webview
          .locator('title')
          .first()
          .textContent()
          .catch(() => ''),
        'pwned',
      );
      assert.ok((await webview.locator('canvas[role="img"]').count()) >= 2, 'charts are drawn');
      // One cold p50, in the headline and the Observed section alike.
      const headline = await webview.locator('.headline').textContent();
      const observedColdP50 = await webview
        .locator('section', { has: webview.locator('h2', { hasText: 'Observed' }) })
        .locator('dt', { hasText: /^Cold start p50$/ })
        .locator('xpath=following-sibling::dd[1]')
        .evaluate((dd) => dd.firstChild.textContent);
      assert.equal(/cold p50 (.+?) \(/.exec(headline)?.[1], observedColdP50, headline);
      assert.ok(
        await webview
          .locator('table caption', { hasText: 'Monthly cost by memory size' })
          .isVisible(),
        'a table beside the chart',
      );
      await shot('estimate-panel.png');
      // A custom range, picked in the webview: the inputs appear, and the panel reads that range.
      await webview.locator('select[name="window"]').selectOption('custom');
      await webview
        .locator('fieldset.custom-window input[name="from"]')
        .waitFor({ state: 'visible' });
      await webview.locator('button', { hasText: 'Read this range' }).click();
      await webview.locator('.subtitle', { hasText: / UTC$/ }).waitFor({ timeout: 30_000 });
      await webview
        .locator('dd', { hasText: /^2REPORT lines/ })
        .first()
        .waitFor({ timeout: 30_000 });
      console.log(
        `screenshots: ${RESULTS}/lenses.png, invoke-result.png, deploy-result.png, estimate-panel.png`,
      );
    } catch (error) {
      await shot('workflow-failure.png').catch(() => {});
      throw error;
    } finally {
      await workbench.close();
      rmSync(home, { recursive: true, force: true });
    }
  },
);
