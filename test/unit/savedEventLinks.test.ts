// Whether a saved event whose links are resolved stays in its workspace folder, and the words
// when it does not: on both path styles.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  savedEventReadRefusal,
  savedEventWriteRefusal,
} from '../../src/core/events/savedEventLinks';

const SHOWN = '.lambda-lens/events/orders/x.json';

test('a saved event resolving inside its folder is read, wherever in it', () => {
  assert.equal(
    savedEventReadRefusal(SHOWN, '/work/app', '/work/app/.lambda-lens/events/orders/x.json'),
    undefined,
  );
  assert.equal(
    savedEventReadRefusal(SHOWN, '/work/app', '/work/app/fixtures/order.json'),
    undefined,
  );
  assert.equal(
    savedEventReadRefusal(SHOWN, 'C:\\Work\\App', 'c:\\work\\app\\events\\x.json'),
    undefined,
  );
});

test('one resolving outside it is refused, saying where it leads and what to do', () => {
  const refusal = savedEventReadRefusal(SHOWN, '/work/app', '/home/me/.docker/config.json');
  assert.match(
    refusal ?? '',
    /^\.lambda-lens\/events\/orders\/x\.json leads outside the workspace folder, to \/home\/me\/\.docker\/config\.json, through a symbolic link/,
  );
  assert.match(refusal ?? '', /Copy the event into the workspace/);
  assert.match(refusal ?? '', /Nothing was sent\.$/);
  // A sibling folder whose name starts the same is outside.
  assert.ok(savedEventReadRefusal(SHOWN, '/work/app', '/work/app-secrets/x.json'));
  assert.ok(savedEventReadRefusal(SHOWN, 'C:\\Work\\App', 'D:\\Work\\App\\x.json'));
});

test('saving over one resolving outside is refused the same way', () => {
  assert.equal(
    savedEventWriteRefusal(SHOWN, '/work/app', '/work/app/.lambda-lens/events/orders/x.json'),
    undefined,
  );
  assert.match(
    savedEventWriteRefusal(SHOWN, '/work/app', '/home/me/.bashrc') ?? '',
    /^Could not save \.lambda-lens\/events\/orders\/x\.json: it leads outside the workspace folder, to \/home\/me\/\.bashrc, .*Remove the link/,
  );
});
