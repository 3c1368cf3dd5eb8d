// The endpoint's trash on the real file system: a tree leaves its place at once and is emptied in
// the background, a slice per turn of the event loop, with removeTree's guarantees (deep trees,
// long paths, links never followed); where the rename cannot be made it is removed in place.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { removeTree } from '../../src/local/store/removeTree';
import { Trash } from '../../src/local/store/trash';

const noLinks = process.platform === 'win32' && 'symlinks need privileges on Windows';

function scratch(run: (dir: string) => Promise<void> | void): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'll-trash-'));
    try {
      await run(dir);
    } finally {
      removeTree(dir);
    }
  };
}

/** `folders` folders of `files` files each, as a node_modules is. */
function makeWideTree(root: string, folders: number, files: number): void {
  for (let f = 0; f < folders; f++) {
    const folder = join(root, 'node_modules', `pkg-${f}`);
    mkdirSync(folder, { recursive: true });
    for (let i = 0; i < files; i++) writeFileSync(join(folder, `file-${i}.js`), 'x');
  }
}

/**
 * Makes `levels` nested folders under `root` by relative steps (a child's cwd), so that the tree
 * passes PATH_MAX as a whole, as one made by another program could.
 */
function makeDeepTree(root: string, levels: number): void {
  mkdirSync(root, { recursive: true });
  const script = `const fs = require('node:fs'); for (let i = 0; i < ${levels}; i++) { fs.mkdirSync('d'); process.chdir('d'); } fs.writeFileSync('f', 'x');`;
  const made = spawnSync(process.execPath, ['-e', script], { cwd: root });
  assert.equal(made.status, 0, made.stderr.toString());
}

function outsideFolder(dir: string): string {
  const outside = join(dir, 'outside');
  mkdirSync(outside);
  writeFileSync(join(outside, 'keep.txt'), 'kept');
  return outside;
}

test(
  'a discarded tree is gone at once, and the trash empties it over many turns of the event loop',
  scratch(async (dir) => {
    const trash = new Trash(join(dir, 'trash'));
    const tree = join(dir, 'tree');
    makeWideTree(tree, 20, 100);
    trash.discard(tree);
    assert.equal(existsSync(tree), false, 'the path is free for the store at once');
    assert.equal(readdirSync(trash.dir).length, 1, 'the tree waits in the trash');
    for (let turn = 0; turn < 3; turn++) await nextTurn();
    assert.equal(
      readdirSync(trash.dir).length,
      1,
      'a few turns later, still under way: it goes in slices',
    );
    await trash.emptied();
    assert.deepEqual(readdirSync(trash.dir), []);
    trash.close();
  }),
);

test(
  'the trash empties trees thousands of levels deep and past PATH_MAX',
  scratch(async (dir) => {
    const trash = new Trash(join(dir, 'trash'));
    const tree = join(dir, 'deep');
    makeDeepTree(tree, 3_000);
    trash.discard(tree);
    await trash.emptied();
    assert.equal(existsSync(tree), false);
    assert.deepEqual(readdirSync(trash.dir), []);
    trash.close();
  }),
);

test(
  'the trash unlinks symbolic links without following them',
  { skip: noLinks },
  scratch(async (dir) => {
    const outside = outsideFolder(dir);
    const trash = new Trash(join(dir, 'trash'));
    const tree = join(dir, 'tree');
    mkdirSync(join(tree, 'a', 'b'), { recursive: true });
    symlinkSync(outside, join(tree, 'a', 'link'));
    symlinkSync(outside, join(dir, 'top-link'));
    writeFileSync(join(tree, 'a', 'b', 'f'), 'x');
    trash.discard(tree);
    trash.discard(join(dir, 'top-link'));
    trash.discard(join(dir, 'never-there'));
    await trash.emptied();
    assert.deepEqual(readdirSync(trash.dir), []);
    assert.deepEqual(readdirSync(outside), ['keep.txt'], 'what the links pointed to is untouched');
    trash.close();
  }),
);

test(
  'where the rename cannot be made (another file system), the tree is removed in place, links not followed',
  { skip: noLinks },
  scratch(async (dir) => {
    const outside = outsideFolder(dir);
    const trash = new Trash(join(dir, 'trash'), { renameFails: true });
    const tree = join(dir, 'tree');
    makeWideTree(tree, 3, 10);
    symlinkSync(outside, join(tree, 'link'));
    trash.discard(tree);
    assert.equal(existsSync(tree), false, 'gone before discard returns');
    assert.deepEqual(readdirSync(trash.dir), [], 'nothing went through the trash');
    assert.deepEqual(readdirSync(outside), ['keep.txt']);
    const deep = join(dir, 'deep');
    makeDeepTree(deep, 3_000);
    trash.discard(deep);
    assert.equal(existsSync(deep), false);
    trash.close();
  }),
);

test(
  'trash left by an endpoint stopped mid-way is emptied after the next start, in the background',
  scratch(async (dir) => {
    const first = new Trash(join(dir, 'trash'));
    const tree = join(dir, 'tree');
    makeWideTree(tree, 20, 100);
    first.discard(tree);
    first.close();
    const [left] = readdirSync(first.dir);
    assert.ok(left, 'closing stops the emptying: the tree is left for the next start');
    assert.ok(readdirSync(join(first.dir, left)).length > 0);

    const next = new Trash(join(dir, 'trash'));
    assert.deepEqual(readdirSync(next.dir), [left], 'starting does not wait for it');
    await next.emptied();
    assert.deepEqual(readdirSync(next.dir), []);
    next.close();
  }),
);

test(
  'only what the trash put there is removed from it: files of the user under that name stay',
  scratch(async (dir) => {
    const own = join(dir, 'trash');
    mkdirSync(join(own, 'notes'), { recursive: true });
    writeFileSync(join(own, 'notes', 'todo.txt'), 'mine');
    writeFileSync(join(own, 'photo.jpg'), 'mine');
    makeWideTree(join(own, 'discarded-killed-0123456789ab'), 2, 10);
    const trash = new Trash(own);
    const tree = join(dir, 'tree');
    makeWideTree(tree, 2, 10);
    trash.discard(tree);
    await trash.emptied();
    assert.deepEqual(readdirSync(own).sort(), ['notes', 'photo.jpg']);
    assert.deepEqual(readdirSync(join(own, 'notes')), ['todo.txt']);
    trash.close();
  }),
);

test(
  'a trash that is a link or a file is not used: trees are removed in place, what the link names is untouched',
  { skip: noLinks },
  scratch(async (dir) => {
    const outside = outsideFolder(dir);
    for (const make of [
      (path: string) => symlinkSync(outside, path),
      (path: string) => writeFileSync(path, 'a file'),
    ]) {
      const path = join(dir, `trash-${readdirSync(dir).length}`);
      make(path);
      const said: string[] = [];
      const trash = new Trash(path, { log: (line) => said.push(line) });
      assert.match(said.join('\n'), /is not a folder .*removed in place/);
      const tree = join(dir, 'tree');
      makeWideTree(tree, 2, 10);
      trash.discard(tree);
      assert.equal(existsSync(tree), false, 'removed before discard returns');
      assert.deepEqual(readdirSync(outside), ['keep.txt']);
      await trash.emptied();
      trash.close();
    }
  }),
);
