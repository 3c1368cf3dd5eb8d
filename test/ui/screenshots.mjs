// The screenshots UI tests take land in test-results/. Those the README (and the walkthrough) show
// are also copied where they are committed, when LAMBDA_LENS_UPDATE_SCREENSHOTS=1: run the test that
// takes them with it set, and the pictures show what the product looks like now.
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { RESULTS, ROOT } from './workbench.mjs';

export const README_IMAGES = join(ROOT, 'docs', 'images');
export const WALKTHROUGH_IMAGES = join(ROOT, 'media', 'walkthrough');
const UPDATE = process.env.LAMBDA_LENS_UPDATE_SCREENSHOTS === '1';

/**
 * Screenshots a page or locator into test-results/<name>; with the update switch on, copies it to
 * each of `keep` (folders where it is committed).
 */
export async function screenshot(target, name, { keep = [] } = {}) {
  const path = join(RESULTS, name);
  mkdirSync(dirname(path), { recursive: true });
  // A page that redraws (a chart drawn a frame later) may replace the element mid-shot: the locator
  // finds the new one. Playwright names the replaced node "not attached", "not stable", or "not
  // visible or not an HTMLElement" when it went between its checks.
  for (let attempt = 1; ; attempt++) {
    try {
      await target.screenshot({ path });
      break;
    } catch (error) {
      if (attempt === 3 || !/not attached|not stable|not visible/.test(String(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  if (!UPDATE) return path;
  for (const folder of keep) {
    mkdirSync(folder, { recursive: true });
    copyFileSync(path, join(folder, name));
  }
  return path;
}
