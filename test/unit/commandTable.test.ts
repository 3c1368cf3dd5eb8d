// The extension's command ids (src/extension/contributions.ts, which the table of handlers in
// commands.ts is typed by) against the manifest, without VS Code: each contributed command has an
// id in the list, each id in the list is contributed, once.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMAND_IDS } from '../../src/extension/contributions';

const manifest = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8'),
) as {
  contributes: {
    commands: { command: string }[];
    menus: Record<string, { command?: string; submenu?: string }[]>;
    keybindings?: { command: string }[];
  };
};

test('every contributed command is in the command list, and every listed command is contributed, once', () => {
  const contributed = manifest.contributes.commands.map((c) => c.command);
  assert.equal(new Set(contributed).size, contributed.length, 'a command is contributed twice');
  assert.equal(new Set(COMMAND_IDS).size, COMMAND_IDS.length, 'a command id is listed twice');
  assert.deepEqual([...COMMAND_IDS].sort(), [...contributed].sort());
});

test('menus and key bindings name only commands the extension has', () => {
  const known = new Set<string>(COMMAND_IDS);
  const named = [
    ...Object.values(manifest.contributes.menus)
      .flat()
      .map((m) => m.command),
    ...(manifest.contributes.keybindings ?? []).map((k) => k.command),
  ].filter((c): c is string => typeof c === 'string' && c.startsWith('lambdaLens.'));
  for (const command of named)
    assert.ok(
      known.has(command),
      `${command} is in a menu or key binding but is no command of the extension`,
    );
});
