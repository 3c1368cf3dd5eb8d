// The endpoint's fuzz (test/support/fuzzEndpoint.ts) run long: random and hostile requests on
// every route, adversarial zips and filter patterns against a real `lambda-lens serve`, then
// writes cut by kill -9 at random moments. Prints the counts; exits non-zero when the process
// ever ended or logged an unhandled fault, an answer was not AWS's shape, or a write was lost.
//   FUZZ_SEED (default: from the clock, printed), FUZZ_ITERATIONS (default 5,000),
//   FUZZ_KILL_ROUNDS (default 10).
import { fuzzEndpoint } from '../test/support/fuzzEndpoint.ts';
import { figure } from './report.mjs';

const seed =
  process.env.FUZZ_SEED && process.env.FUZZ_SEED !== 'random'
    ? Number(process.env.FUZZ_SEED)
    : Date.now() % 2 ** 31;
const iterations = Number(process.env.FUZZ_ITERATIONS ?? 5_000);
const killRounds = Number(process.env.FUZZ_KILL_ROUNDS ?? 10);

process.stdout.write(
  `FUZZ_SEED=${seed} FUZZ_ITERATIONS=${iterations} FUZZ_KILL_ROUNDS=${killRounds}\n`,
);
const started = Date.now();
const counts = await fuzzEndpoint({
  seed,
  iterations,
  killRounds,
  progress: (line) => process.stderr.write(`  ${line}\n`),
});
figure('fuzz requests', counts.requests, 'requests');
figure('fuzz zips', counts.zips, 'zips');
figure('fuzz invokes', counts.invokes, 'invokes');
figure('fuzz crashes', counts.crashes, 'crashes');
figure('fuzz answers not in AWS shape or unanswered', counts.badAnswers, 'answers');
figure('fuzz writes acknowledged', counts.writesAcknowledged, 'writes');
figure('fuzz writes lost', counts.writesLost, 'writes');
figure('fuzz time', (Date.now() - started) / 1000, 's');
process.stdout.write(`statuses: ${JSON.stringify(counts.statuses)}\n`);
for (const finding of counts.findings) process.stdout.write(`finding: ${finding}\n`);
process.exit(
  counts.crashes || counts.badAnswers || counts.writesLost || counts.findings.length ? 1 : 0,
);
