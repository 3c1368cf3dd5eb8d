import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseOptions } from '../../src/cli/options';
import { CliError } from '../../src/cli/cliError';

const OPTIONS = {
  memory: { type: 'string' },
  event: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function usageError(pattern: RegExp): (error: unknown) => boolean {
  return (error) =>
    error instanceof CliError &&
    error.exitCode === 2 &&
    pattern.test(error.message) &&
    !error.message.includes('\n');
}

test('values and positionals as util.parseArgs gives them', () => {
  const parsed = parseOptions(['fn', '--memory', '256', '--json', '--event=-'], OPTIONS, {
    positionals: true,
  });
  assert.deepEqual(parsed.positionals, ['fn']);
  assert.deepEqual({ ...parsed.values }, { memory: '256', json: true, event: '-', help: false });
  assert.equal(parseOptions(['--event', '-'], OPTIONS).values.event, '-');
});

test("a negative number is a value, left for the option's own check", () => {
  assert.equal(parseOptions(['--memory', '-5'], OPTIONS).values.memory, '-5');
  assert.equal(parseOptions(['--memory', '-0.5'], OPTIONS).values.memory, '-0.5');
});

test('usage errors are one line, exit code 2, naming the option', () => {
  assert.throws(() => parseOptions(['--bogus'], OPTIONS), usageError(/^unknown option --bogus$/));
  assert.throws(() => parseOptions(['-x'], OPTIONS), usageError(/^unknown option -x$/));
  assert.throws(() => parseOptions(['--memory'], OPTIONS), usageError(/^--memory needs a value$/));
  assert.throws(
    () => parseOptions(['--memory', '--json'], OPTIONS),
    usageError(/^--memory needs a value/),
  );
  assert.throws(() => parseOptions(['--json=yes'], OPTIONS), usageError(/^--json takes no value$/));
  assert.throws(
    () => parseOptions(['stray'], OPTIONS),
    usageError(/^unexpected argument "stray"$/),
  );
});

test('an optional value is given inline only: --debug, --debug=9229', () => {
  const options = {
    debug: { type: 'boolean' },
    json: { type: 'boolean', default: false },
  } as const;
  assert.equal(
    parseOptions(['fn', '--debug'], options, { positionals: true, optionalValue: ['debug'] }).values
      .debug,
    true,
  );
  assert.equal(
    parseOptions(['fn', '--debug=9229'], options, { positionals: true, optionalValue: ['debug'] })
      .values.debug as unknown,
    '9229',
  );
  const separate = parseOptions(['--debug', '9229', 'fn'], options, {
    positionals: true,
    optionalValue: ['debug'],
  });
  assert.equal(separate.values.debug, true);
  assert.deepEqual(separate.positionals, ['9229', 'fn'], 'a separate word is no value of --debug');
  assert.throws(
    () => parseOptions(['--json=yes'], options, { optionalValue: ['debug'] }),
    usageError(/^--json takes no value$/),
  );
});
