// Where saving a saved event would land, worked out before the write on a real file system: a
// workspace (a cloned repository) can hold links of every kind, and the save must be refused
// wherever the OS would follow them out of the workspace folder.
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realPathOfNew } from '../../src/extension/realPathOfNew';
import { savedEventWriteRefusal } from '../../src/core/events/savedEventLinks';
import { removeTree } from '../../src/local/store/removeTree';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) removeTree(dir);
});

/** A home with a workspace folder `project` in it; both real paths. */
function home(): { home: string; workspace: string } {
  const home = realpathSync(mkdtempSync(join(tmpdir(), 'll-realpath-')));
  dirs.push(home);
  mkdirSync(join(home, 'project'));
  return { home, workspace: join(home, 'project') };
}

const onLinks = { skip: process.platform === 'win32' && 'symbolic links need privileges there' };

test('a new file in new folders lands under the nearest existing one', onLinks, async () => {
  const { workspace } = home();
  assert.equal(
    await realPathOfNew(join(workspace, 'events', 'fn', 'x.json')),
    join(workspace, 'events', 'fn', 'x.json'),
  );
});

test('a dangling link is followed to where its target would be written', onLinks, async () => {
  const { home: h, workspace } = home();
  symlinkSync('../secret.json', join(workspace, 'x.json'));
  assert.equal(await realPathOfNew(join(workspace, 'x.json')), join(h, 'secret.json'));
});

test(
  'a dangling link reached through a linked folder is resolved from the real folder, as the OS does',
  onLinks,
  async () => {
    // All inside the workspace: `events/fn` leads back to the workspace folder itself, and the
    // event under it is a dangling link one level up. Read from where the path is spelled, that
    // level is still inside; the OS reads it from the real folder, and writes next to the workspace.
    const { home: h, workspace } = home();
    mkdirSync(join(workspace, 'events'));
    symlinkSync('..', join(workspace, 'events', 'fn'));
    symlinkSync('../authorized_keys', join(workspace, 'x.json'));
    const file = join(workspace, 'events', 'fn', 'x.json');

    const landing = await realPathOfNew(file);
    await writeFile(file, 'written');
    assert.equal(landing, join(h, 'authorized_keys'), 'where the write really went');
    assert.match(
      savedEventWriteRefusal('events/fn/x.json', workspace, landing) ?? '',
      /leads outside/,
    );
  },
);

test('a link that stays inside the workspace is written where it leads', onLinks, async () => {
  const { workspace } = home();
  mkdirSync(join(workspace, 'fixtures'));
  writeFileSync(join(workspace, 'fixtures', 'order.json'), '{}');
  mkdirSync(join(workspace, 'events'));
  symlinkSync('../fixtures', join(workspace, 'events', 'fn'));
  const landing = await realPathOfNew(join(workspace, 'events', 'fn', 'order.json'));
  assert.equal(landing, join(workspace, 'fixtures', 'order.json'));
  assert.equal(savedEventWriteRefusal('events/fn/order.json', workspace, landing), undefined);
});
