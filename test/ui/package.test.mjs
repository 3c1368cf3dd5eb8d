// The packaged .vsix holds what users need and nothing else: every bundle the extension requires
// at run time, no TypeScript sources and no source maps (`npm run package` runs before this tier).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import yauzl from 'yauzl';

const root = resolve(import.meta.dirname, '..', '..');

function entriesOf(zipPath) {
  return new Promise((resolveEntries, reject) => {
    yauzl.open(zipPath, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      const names = [];
      zip.on('entry', (entry) => {
        names.push(entry.fileName);
        zip.readEntry();
      });
      zip.on('end', () => resolveEntries(names));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

test('the .vsix holds every bundle, no sources and no source maps', async () => {
  const names = await entriesOf(join(root, 'dist-vsix', 'lambda-lens.vsix'));
  // Every top-level bundle the production build wrote: the activation bundle and each one required lazily.
  const bundles = readdirSync(join(root, 'dist')).filter((name) => name.endsWith('.js'));
  for (const bundle of [
    'extension.js',
    'workbench.js',
    'profiles.js',
    'features.js',
    'lenses.js',
    'cloud.js',
    'followWorker.js',
    'events.js',
    'cli.js',
  ]) {
    assert.ok(bundles.includes(bundle), `the build no longer writes dist/${bundle}`);
  }
  for (const bundle of bundles)
    assert.ok(
      names.includes(`extension/dist/${bundle}`),
      `dist/${bundle} is missing from the .vsix`,
    );
  for (const file of [
    'dist/runtimes/node-bootstrap.js',
    'dist/runtimes/python-bootstrap.py',
    'dist/media/estimate.js',
    'dist/media/estimate.css',
    'media/estimate/estimate.css',
    'media/icon.png',
    'media/lambda.svg',
    'media/schemas/saved-event.schema.json',
    'snippets/python.json',
    'syntaxes/lambda-log.tmLanguage.json',
    'package.json',
  ]) {
    assert.ok(names.includes(`extension/${file}`), `${file} is missing from the .vsix`);
  }
  // The walkthrough's pages and the pictures they show, each step's page as the manifest names it.
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  for (const step of manifest.contributes.walkthroughs.flatMap((w) => w.steps)) {
    assert.ok(
      names.includes(`extension/${step.media.markdown}`),
      `${step.media.markdown} (walkthrough step ${step.id}) is missing from the .vsix`,
    );
    for (const [, image] of readFileSync(join(root, step.media.markdown), 'utf8').matchAll(
      /!\[[^\]]*\]\(([^)]+)\)/g,
    )) {
      assert.ok(
        names.includes(`extension/${posix.join(posix.dirname(step.media.markdown), image)}`),
        `${image} (shown by ${step.media.markdown}) is missing from the .vsix`,
      );
    }
  }
  const unwanted = names.filter((name) => /\.(ts|map)$/.test(name));
  assert.deepEqual(unwanted, [], 'sources or source maps in the .vsix');
  const outside = names.filter(
    (name) =>
      name.startsWith('extension/') &&
      !/^extension\/(dist|media|snippets|syntaxes)\/|^extension\/(package\.json|readme\.md|LICENSE\.md|changelog\.md)$/.test(
        name,
      ),
  );
  assert.deepEqual(outside, [], 'files users do not need');
});
