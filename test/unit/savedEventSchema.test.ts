// Saved events (.lambda-lens/events/<function>/<name>.json): their paths, their schema and its contribution.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSavedEventPath, savedEventPath } from '../../src/core/events/savedEvents';

const ROOT = join(__dirname, '..', '..');

// That the schema ships in the .vsix is checked on the package itself (test/ui/package.test.mjs).
test('saved events files are associated with their schema', () => {
  const contributes = (
    JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      contributes: { jsonValidation?: { fileMatch: string; url: string }[] };
    }
  ).contributes;
  assert.deepEqual(contributes.jsonValidation, [
    {
      fileMatch: '**/.lambda-lens/events/**/*.json',
      url: './media/schemas/saved-event.schema.json',
    },
  ]);
  const schema = JSON.parse(
    readFileSync(join(ROOT, 'media', 'schemas', 'saved-event.schema.json'), 'utf8'),
  ) as { title: string };
  assert.match(schema.title, /saved event/);
});

test('saved event paths stay inside .lambda-lens/events/<function>/ whatever the names', () => {
  assert.equal(
    savedEventPath('orders-api', 'big order'),
    '.lambda-lens/events/orders-api/big order.json',
  );
  assert.equal(
    savedEventPath('arn:aws:lambda:eu-west-1:123456789012:function:orders-api:live', 's3 put.json'),
    '.lambda-lens/events/orders-api/s3 put.json',
  );
  for (const bad of ['../x', 'a/b', '.hidden', '', 'x'.repeat(101), 'a\\b', 'ends.'])
    assert.throws(() => savedEventPath('fn', bad), /event name is/, bad);
  assert.throws(() => savedEventPath('../etc', 'x'), /not a function name/);
  assert.deepEqual(parseSavedEventPath('.lambda-lens\\events\\fn\\s3 put.json'), {
    functionName: 'fn',
    eventName: 's3 put',
  });
  assert.equal(parseSavedEventPath('.lambda-lens/events/fn/sub/x.json'), undefined);
  assert.equal(parseSavedEventPath('.lambda-lens/events/../x.json'), undefined);
});
