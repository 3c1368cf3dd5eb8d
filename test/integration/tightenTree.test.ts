// tightenTree closes what an older version left open in the endpoint's home, however deep the
// tree: it once recursed on the JS stack, and past its depth the RangeError was taken for a
// vanished path and the rest of the tree silently left open. Run in a child process with a small
// stack, so the depth that would overflow it is a modest one.
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { removeTree } from '../../src/local/store/removeTree';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) removeTree(dir);
});

const PRIVATE_FILES = resolve(__dirname, '../../src/local/store/privateFiles.ts');

/** Folders `d/d/.../d` `levels` deep, each 0755, with a 0644 file `f` at the bottom; returns that file. */
function makeOpenDeepTree(root: string, levels: number): string {
  mkdirSync(root, { recursive: true, mode: 0o755 });
  const script = `const fs = require('node:fs'); for (let i = 0; i < ${levels}; i++) { fs.mkdirSync('d', { mode: 0o755 }); fs.chmodSync('d', 0o755); process.chdir('d'); } fs.writeFileSync('f', 'x', { mode: 0o644 }); fs.chmodSync('f', 0o644);`;
  const made = spawnSync(process.execPath, ['-e', script], { cwd: root });
  assert.equal(made.status, 0, made.stderr.toString());
  return join(root, ...Array<string>(levels).fill('d'), 'f');
}

function tightenInSmallStack(root: string): SpawnSyncReturns<string> {
  const script = `const { tightenTree } = require(${JSON.stringify(PRIVATE_FILES)}); tightenTree(process.argv[1]);`;
  return spawnSync(process.execPath, ['--stack-size=400', '--import', 'tsx', '-e', script, root], {
    encoding: 'utf8',
  });
}

test('a tree 2,000 levels deep is made private to its last file, under a small JS stack', () => {
  if (process.platform === 'win32') return; // modes mean little there (privateFiles.ts)
  const dir = mkdtempSync(join(tmpdir(), 'll-tighten-'));
  dirs.push(dir);
  const bottom = makeOpenDeepTree(join(dir, 'code'), 2_000);
  const run = tightenInSmallStack(join(dir, 'code'));
  assert.equal(run.status, 0, run.stderr);
  assert.equal(lstatSync(bottom).mode & 0o777, 0o600, 'the deepest file is closed to others');
  assert.equal(lstatSync(join(bottom, '..')).mode & 0o777, 0o700, 'and its folder');
});

test('links are not followed, and what they point to keeps its mode', () => {
  if (process.platform === 'win32') return;
  const dir = mkdtempSync(join(tmpdir(), 'll-tighten-'));
  dirs.push(dir);
  const outside = join(dir, 'outside');
  mkdirSync(outside);
  writeFileSync(join(outside, 'shared.txt'), 'x');
  chmodSync(join(outside, 'shared.txt'), 0o644);
  const code = join(dir, 'code');
  mkdirSync(code);
  chmodSync(code, 0o755);
  symlinkSync(outside, join(code, 'link'));
  const run = tightenInSmallStack(code);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(lstatSync(code).mode & 0o777, 0o700);
  assert.equal(lstatSync(join(outside, 'shared.txt')).mode & 0o777, 0o644);
  assert.equal(lstatSync(outside).mode & 0o777, 0o755 & ~process.umask());
});

test('a tree nested past the OS path limit gets an error that says what to do, not a silent stop', () => {
  if (process.platform !== 'linux') return; // PATH_MAX (4,096) is Linux's; other systems differ
  const dir = mkdtempSync(join(tmpdir(), 'll-tighten-'));
  dirs.push(dir);
  makeOpenDeepTree(join(dir, 'code'), 2_100); // "d/" × 2,100: past 4,096 characters
  const run = tightenInSmallStack(join(dir, 'code'));
  assert.notEqual(run.status, 0);
  assert.match(
    run.stderr,
    /A folder in .*code is nested deeper than the OS lets a path name, so it cannot be made private: remove that tree, or close it to others yourself \(chmod -R go= .*code\)/,
  );
});
