// The JSON schema for saved events (.lambda-lens/events/<function>/<name>.json) and its contribution.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

test('saved events files are associated with their schema, which ships in the .vsix', () => {
  const contributes = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: { jsonValidation?: { fileMatch: string; url: string }[] } }).contributes;
  assert.deepEqual(contributes.jsonValidation, [{ fileMatch: '**/.lambda-lens/events/**/*.json', url: './media/schemas/saved-event.schema.json' }]);
  const schema = JSON.parse(readFileSync(join(ROOT, 'media', 'schemas', 'saved-event.schema.json'), 'utf8')) as { title: string };
  assert.match(schema.title, /saved event/);
  const ignore = readFileSync(join(ROOT, '.vscodeignore'), 'utf8').split('\n');
  assert.ok(ignore.includes('!media/**') && ignore.includes('!snippets/**'), '.vscodeignore keeps media/ and snippets/');
});
