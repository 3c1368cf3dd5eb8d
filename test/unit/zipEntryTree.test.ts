import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { MAX_FOLDER_DEPTH, ZipEntryTree } from '../../src/core/deploy/zipEntryTree';

function problemsOf(names: string[]): (string | undefined)[] {
  const tree = new ZipEntryTree();
  return names.map((name) => tree.add(name));
}

test('zip entry tree: honest layouts fit, in any order, with folders listed or not', () => {
  assert.deepEqual(
    problemsOf([
      'index.js',
      'lib/',
      'lib/a.js',
      'lib/deep/b.js',
      'lib/',
      './lib/c.js',
      'lib//d.js',
      './',
      'bin/bootstrap',
    ]),
    Array(9).fill(undefined),
  );
  assert.deepEqual(problemsOf(['lib/deep/b.js', 'lib/deep/', 'lib/']), [
    undefined,
    undefined,
    undefined,
  ]);
});

test('zip entry tree: a file and a folder of one path clash, whichever comes first', () => {
  assert.match(
    problemsOf(['d', 'd/x'])[1]!,
    /^The entry "d\/x" needs "d" to be a folder, but the zip has it as a file\.$/,
  );
  assert.match(problemsOf(['a/b', 'a/b/c/d'])[1]!, /needs "a\/b" to be a folder/);
  assert.match(problemsOf(['d/x', 'd'])[1]!, /^The zip has "d" both as a file and as a folder\.$/);
  assert.match(problemsOf(['d/', 'd'])[1]!, /both as a file and as a folder/);
  assert.match(problemsOf(['d', 'd/'])[1]!, /both as a file and as a folder/);
});

test('zip entry tree: a file named twice, however spelled, is refused', () => {
  assert.match(problemsOf(['a.js', 'a.js'])[1]!, /^The zip has the file "a.js" twice\.$/);
  assert.match(problemsOf(['lib/a.js', './lib//a.js'])[1]!, /the file "lib\/a.js" twice/);
  // Case matters on Linux, as on Lambda.
  assert.deepEqual(problemsOf(['A.js', 'a.js']), [undefined, undefined]);
});

test('zip entry tree: names that leave the root or that Linux cannot hold are refused', () => {
  assert.match(problemsOf(['../x'])[0]!, /points outside the package/);
  assert.match(problemsOf(['a/../../x'])[0]!, /points outside the package/);
  assert.match(problemsOf(['/etc/passwd'])[0]!, /absolute path/);
  assert.match(problemsOf(['C:/x'])[0]!, /absolute path/);
  assert.match(problemsOf(['a\0b'])[0]!, /NUL/);
  assert.match(problemsOf(['.'])[0]!, /a file without a name/);
  assert.match(problemsOf([`${'é'.repeat(128)}.js`])[0]!, /name part longer than 255 bytes/);
  assert.equal(problemsOf([`${'n'.repeat(255)}`])[0], undefined);
  assert.match(problemsOf([`${'abcdefgh/'.repeat(500)}x`])[0]!, /path longer than 4086 bytes/);
  // Control characters and long names are shown escaped and cut.
  const shown = problemsOf([`../${'\n'.repeat(300)}`])[0]!;
  assert.ok(shown.length < 400 && shown.includes('\\n'), shown);
});

test('zip entry tree: deep and numerous names cost time linear in their length', () => {
  const tree = new ZipEntryTree();
  const deep = `${'d'.repeat(20)}/`.repeat(MAX_FOLDER_DEPTH);
  const started = performance.now();
  for (let i = 0; i < 2000; i++) assert.equal(tree.add(`${deep}f${i}`), undefined);
  assert.ok(performance.now() - started < 2000, `${performance.now() - started} ms`);
});

test('zip entry tree: a path more than 128 folders deep is refused, with what to do; 128 is accepted', () => {
  const tree = new ZipEntryTree();
  assert.equal(MAX_FOLDER_DEPTH, 128);
  assert.equal(tree.add(`${'d/'.repeat(128)}f.js`), undefined);
  assert.equal(tree.add('d/'.repeat(128)), undefined);
  assert.match(
    tree.add(`${'d/'.repeat(129)}f.js`)!,
    /is 129 folders deep; the local endpoint accepts at most 128\. Flatten the package's folders/,
  );
  assert.match(tree.add('e/'.repeat(129))!, /is 129 folders deep/);
  // Empty and '.' parts are no folders, as unzip reads them.
  assert.equal(tree.add(`${'g/./'.repeat(128)}f.js`), undefined);
});
