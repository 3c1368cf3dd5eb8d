// A bounded fuzz of the real `lambda-lens serve` process (test/support/fuzzEndpoint.ts): random
// malformed requests on every route, adversarial zips and filter patterns, then writes cut by a
// kill -9. Seeded: FUZZ_SEED reproduces a run (FUZZ_SEED=random picks one), FUZZ_ITERATIONS sets
// its length. `npm run bench fuzz` runs it longer.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { fuzzEndpoint } from '../support/fuzzEndpoint';

const seed =
  process.env.FUZZ_SEED === 'random' ? Date.now() % 2 ** 31 : Number(process.env.FUZZ_SEED ?? 17);
const iterations = Number(process.env.FUZZ_ITERATIONS ?? 400);

test(`the endpoint survives random and hostile requests and loses no acknowledged write (FUZZ_SEED=${seed} FUZZ_ITERATIONS=${iterations})`, async () => {
  const counts = await fuzzEndpoint({ seed, iterations, killRounds: 2 });
  const summary = `FUZZ_SEED=${seed} FUZZ_ITERATIONS=${iterations}: ${JSON.stringify({ ...counts, findings: undefined })}\n${counts.findings.join('\n')}`;
  assert.equal(counts.crashes, 0, summary);
  assert.equal(counts.badAnswers, 0, summary);
  assert.equal(counts.writesLost, 0, summary);
  assert.deepEqual(counts.findings, [], summary);
  assert.ok(counts.writesAcknowledged > 0, summary);
  // Most requests must get past the signature check, or the fuzz would only test that.
  const reachedRoutes = Object.entries(counts.statuses)
    .filter(([status]) => status !== '403')
    .reduce((sum, [, n]) => sum + n, 0);
  assert.ok(reachedRoutes > counts.requests * 0.6, summary);
});
