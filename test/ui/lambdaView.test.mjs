import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { openLambdaView, openWorkbench, RESULTS } from './workbench.mjs';

test('the Lambda view shows the Local connection (installed from the .vsix)', { timeout: 180_000 }, async () => {
  const workbench = await openWorkbench();
  try {
    const { page } = workbench;
    await openLambdaView(page);
    const local = page.getByRole('treeitem', { name: 'Local connection, this machine' });
    await local.waitFor({ timeout: 60_000 });
    const screenshot = join(RESULTS, 'lambda-view.png');
    await page.screenshot({ path: screenshot });
    console.log(`screenshot: ${screenshot}`);
    assert.ok(await local.isVisible(), 'the Local node is visible');
    assert.match(await local.innerText(), /^Local\s*this machine$/);
    const title = page.locator('#workbench\\.parts\\.sidebar .composite.title');
    assert.match(await title.innerText(), /Lambda: Functions/i);
  } catch (error) {
    await workbench.page.screenshot({ path: join(RESULTS, 'lambda-view-failure.png') }).catch(() => {});
    throw error;
  } finally {
    await workbench.close();
  }
});
