import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { zipSync } from 'fflate';
import { openLambdaView, openWorkbench, RESULTS } from './workbench.mjs';
import { startServeProcess } from '../integration/endpoint.ts';

/** A home with a few functions in it, made through the SDK against `lambda-lens serve`. */
async function homeWithFunctions(names) {
  const home = mkdtempSync(join(tmpdir(), 'll-ui-home-'));
  const serve = await startServeProcess(home);
  const lambda = new LambdaClient({ endpoint: serve.url, region: 'us-east-1', credentials: serve });
  const zip = zipSync({ 'index.js': new TextEncoder().encode('exports.handler = async () => 1;') });
  for (const [name, runtime, memory] of names) {
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Role: 'arn:aws:iam::123456789012:role/x',
        Runtime: runtime,
        Handler: 'index.handler',
        Code: { ZipFile: zip },
        MemorySize: memory,
      }),
    );
  }
  lambda.destroy();
  serve.child.kill('SIGTERM');
  await new Promise((r) => serve.child.once('exit', r));
  return home;
}

test(
  'the Lambda view shows the Local connection and, expanded, its functions (installed from the .vsix)',
  { timeout: 240_000 },
  async () => {
    const home = await homeWithFunctions([
      ['orders-api', 'nodejs20.x', 256],
      ['thumbnailer', 'python3.12', 1024],
    ]);
    const workbench = await openWorkbench({ env: { LAMBDA_LENS_HOME: home } });
    try {
      const { page } = workbench;
      await openLambdaView(page);
      const local = page.getByRole('treeitem', { name: 'Local connection, this machine' });
      await local.waitFor({ timeout: 60_000 });
      assert.match(await local.innerText(), /^Local\s*this machine$/);
      const title = page.locator('#workbench\\.parts\\.sidebar .composite.title');
      assert.match(await title.innerText(), /Lambda: Functions/i);
      await page.screenshot({ path: join(RESULTS, 'lambda-view.png') });

      await local.click();
      const orders = page.locator('#workbench\\.parts\\.sidebar .monaco-list-row', {
        hasText: 'orders-api',
      });
      await orders.waitFor({ timeout: 60_000 });
      assert.match(await orders.innerText(), /orders-api\s*nodejs20\.x · 256 MB · x86_64/);
      const thumbnailer = page.locator('#workbench\\.parts\\.sidebar .monaco-list-row', {
        hasText: 'thumbnailer',
      });
      assert.match(await thumbnailer.innerText(), /python3\.12 · 1024 MB/);
      const screenshot = join(RESULTS, 'lambda-view-local-functions.png');
      await page.screenshot({ path: screenshot });
      // The hover's details are resolved when VS Code asks (resolveTreeItem through the view's stand-in provider).
      await orders.hover();
      const hover = page
        .locator('.workbench-hover, .monaco-hover')
        .filter({ hasText: 'Handler' })
        .first();
      await hover.waitFor({ timeout: 30_000 });
      assert.match(
        await hover.innerText(),
        /orders-api[\s\S]*Handler: index\.handler[\s\S]*Memory: 256 MB/,
      );
      await page.screenshot({ path: join(RESULTS, 'function-hover.png') });
      console.log(`screenshots: ${RESULTS}/lambda-view.png, ${screenshot}`);
    } catch (error) {
      await workbench.page
        .screenshot({ path: join(RESULTS, 'lambda-view-failure.png') })
        .catch(() => {});
      throw error;
    } finally {
      await workbench.close();
      rmSync(home, { recursive: true, force: true });
    }
  },
);
