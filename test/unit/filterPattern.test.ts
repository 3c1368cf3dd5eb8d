import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { compileFilterPattern, FilterPatternError } from '../../src/core/logs/filterPattern';

// Real Lambda platform lines: REPORT fields are separated by tabs, and the line ends with one.
const REQUEST_ID = '3f2c1a9e-7b7d-4d1e-9f5e-0c0a1b2c3d4e';
const REPORT_COLD =
  `REPORT RequestId: ${REQUEST_ID}\tDuration: 8.40 ms\tBilled Duration: 9 ms\tMemory Size: 128 MB\t` +
  'Max Memory Used: 66 MB\tInit Duration: 170.13 ms\t';
const REPORT_WARM =
  'REPORT RequestId: 5b1d7c2e-0f3a-4a9b-8c7d-6e5f4a3b2c1d\tDuration: 1.91 ms\tBilled Duration: 2 ms\t' +
  'Memory Size: 128 MB\tMax Memory Used: 67 MB\t';
const START = `START RequestId: ${REQUEST_ID} Version: $LATEST`;
const END = `END RequestId: ${REQUEST_ID}`;
const TIMEOUT = `2024-05-01T12:00:03.120Z ${REQUEST_ID} Task timed out after 3.00 seconds`;
const APP_ERROR = `2024-05-01T12:00:00.100Z\t${REQUEST_ID}\tERROR\tInvoke Error \t{"errorType":"TypeError","errorMessage":"x is undefined"}`;
const APP_WARN = `2024-05-01T12:00:00.200Z\t${REQUEST_ID}\tWARN\tretrying after throttling`;
const APP_DEBUG = `2024-05-01T12:00:00.300Z\t${REQUEST_ID}\tERROR\tDEBUG dump follows`;
const APACHE =
  '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326';
const APACHE_404 = '10.0.0.7 - - [10/Oct/2000:13:56:01 -0700] "GET /missing.html HTTP/1.1" 404 512';
const APACHE_503 = '10.0.0.8 - bob [10/Oct/2000:13:57:12 -0700] "POST /api HTTP/1.1" 503 0';
const JSON_ERROR = JSON.stringify({
  level: 'ERROR',
  message: 'Payment failed',
  latency: 1200,
  user: { id: 'u-17', email: 'ann@example.com' },
  tags: ['billing', 'eu'],
  items: [{ id: 2 }],
  retry: null,
  cold: true,
});
const JSON_INFO = JSON.stringify({
  level: 'INFO',
  message: 'ok',
  latency: 40,
  user: { id: 'u-18' },
  tags: [],
  cold: false,
});

const ALL = {
  REPORT_COLD,
  REPORT_WARM,
  START,
  END,
  TIMEOUT,
  APP_ERROR,
  APP_WARN,
  APP_DEBUG,
  APACHE,
  APACHE_404,
  APACHE_503,
  JSON_ERROR,
  JSON_INFO,
};
type Name = keyof typeof ALL;

/** Asserts that `pattern` matches exactly the named lines among ALL. */
function matchesExactly(pattern: string, expected: Name[]): void {
  const matches = compileFilterPattern(pattern);
  const actual = (Object.keys(ALL) as Name[]).filter((name) => matches(ALL[name]));
  assert.deepEqual(actual, expected, pattern);
}

function assertInvalid(pattern: string, message: string | RegExp): void {
  assert.throws(
    () => compileFilterPattern(pattern),
    (error: unknown) => {
      assert.ok(error instanceof FilterPatternError, `${pattern}: ${String(error)}`);
      assert.ok(error instanceof Error);
      assert.equal(error.name, 'FilterPatternError');
      if (typeof message === 'string') assert.equal(error.message, message);
      else assert.match(error.message, message);
      return true;
    },
  );
}

test('an empty or blank pattern matches everything', () => {
  for (const pattern of ['', '   ', '\t \n']) {
    const matches = compileFilterPattern(pattern);
    for (const line of [...Object.values(ALL), ''])
      assert.ok(matches(line), JSON.stringify(pattern));
  }
});

test('terms: every term must occur, case-sensitively', () => {
  matchesExactly('REPORT', ['REPORT_COLD', 'REPORT_WARM']);
  matchesExactly('ERROR', ['APP_ERROR', 'APP_DEBUG', 'JSON_ERROR']);
  matchesExactly('ERROR TypeError', ['APP_ERROR']);
  matchesExactly('warn', []);
  matchesExactly('Timed', []);
  matchesExactly('Report', []);
  matchesExactly('  REPORT   Init  ', ['REPORT_COLD']);
});

test('terms may hold : - _ . / and other punctuation', () => {
  matchesExactly('RequestId:', ['REPORT_COLD', 'REPORT_WARM', 'START', 'END']);
  matchesExactly(REQUEST_ID, [
    'REPORT_COLD',
    'START',
    'END',
    'TIMEOUT',
    'APP_ERROR',
    'APP_WARN',
    'APP_DEBUG',
  ]);
  matchesExactly('/apache_pb.gif', ['APACHE']);
  matchesExactly('Version: $LATEST', ['START']);
  matchesExactly('u-17 ann@example.com', ['JSON_ERROR']);
  matchesExactly('13:55:36', ['APACHE']);
});

test('quoted phrases match exactly, alone or with terms', () => {
  matchesExactly('"Task timed out"', ['TIMEOUT']);
  matchesExactly('"Task timed out after 3.00 seconds"', ['TIMEOUT']);
  matchesExactly('"task timed out"', []);
  matchesExactly('"Init Duration"', ['REPORT_COLD']);
  matchesExactly('REPORT "Init Duration"', ['REPORT_COLD']);
  matchesExactly('REPORT "Billed Duration"', ['REPORT_COLD', 'REPORT_WARM']);
  matchesExactly('"timed out" Task', ['TIMEOUT']);
  // A tab is not a space: the phrase must match the message's own whitespace.
  matchesExactly('"66 MB Init"', []);
  // \" stands for a quote inside a phrase.
  matchesExactly('"\\"errorType\\":\\"TypeError\\""', ['APP_ERROR']);
});

test('? terms: any one of them must occur', () => {
  matchesExactly('?ERROR ?WARN', ['APP_ERROR', 'APP_WARN', 'APP_DEBUG', 'JSON_ERROR']);
  matchesExactly('?"timed out" ?TypeError', ['TIMEOUT', 'APP_ERROR']);
  matchesExactly('?START ?END', ['START', 'END']);
  matchesExactly('?nothing ?nowhere', []);
});

test('plain terms stay required next to a ? group', () => {
  // ERROR AND (TypeError OR DEBUG)
  matchesExactly('ERROR ?TypeError ?DEBUG', ['APP_ERROR', 'APP_DEBUG']);
  matchesExactly('RequestId: ?START ?END', ['START', 'END']);
  matchesExactly('REPORT ?START', []);
});

test('- terms must not occur', () => {
  matchesExactly('ERROR -DEBUG', ['APP_ERROR', 'JSON_ERROR']);
  matchesExactly('REPORT -"Init Duration"', ['REPORT_WARM']);
  matchesExactly('REPORT -Init -Billed', []);
  matchesExactly('-RequestId', [
    'TIMEOUT',
    'APP_ERROR',
    'APP_WARN',
    'APP_DEBUG',
    'APACHE',
    'APACHE_404',
    'APACHE_503',
    'JSON_ERROR',
    'JSON_INFO',
  ]);
  matchesExactly('?ERROR ?WARN -DEBUG -{', ['APP_WARN']);
  // Inside a term a hyphen is an ordinary character; a leading one is quoted.
  matchesExactly('0f3a-4a9b', ['REPORT_WARM']);
  matchesExactly('"-0700]"', ['APACHE', 'APACHE_404', 'APACHE_503']);
  matchesExactly('"?"', []);
});

test('space-delimited: the REPORT line fields, split at tabs and spaces', () => {
  matchesExactly('[type=REPORT, ...]', ['REPORT_COLD', 'REPORT_WARM']);
  matchesExactly('[type=REPORT, requestIdLabel, requestId, durationLabel, duration, ...]', [
    'REPORT_COLD',
    'REPORT_WARM',
  ]);
  matchesExactly('[type=REPORT, requestIdLabel, requestId, durationLabel, duration > 5, ...]', [
    'REPORT_COLD',
  ]);
  matchesExactly('[type=REPORT, requestIdLabel, requestId, durationLabel, duration <= 1.91, ...]', [
    'REPORT_WARM',
  ]);
  matchesExactly(`[type, label="RequestId:", id="${REQUEST_ID}", ...]`, [
    'REPORT_COLD',
    'START',
    'END',
  ]);
  // Cold starts only: an Init Duration somewhere in the line.
  matchesExactly(
    '[report_label="REPORT", ..., label="Init", label2="Duration:", init_duration, ...]',
    ['REPORT_COLD'],
  );
  matchesExactly(
    '[report_label="REPORT", ..., label="Init", label2="Duration:", init_duration > 100, unit=ms]',
    ['REPORT_COLD'],
  );
  matchesExactly(
    '[report_label="REPORT", ..., label="Init", label2="Duration:", init_duration > 500, ...]',
    [],
  );
  matchesExactly('[..., max="Used:", used >= 67, unit=MB]', ['REPORT_WARM']);
  // 23 fields in the cold line, 19 in the warm one (the trailing tab adds none).
  const nineteen = Array.from({ length: 19 }, (_, i) => `f${i}`).join(', ');
  matchesExactly(`[${nineteen}]`, ['REPORT_WARM']);
  matchesExactly(`[${nineteen}, a, b, c, d]`, ['REPORT_COLD']);
  matchesExactly(`[${nineteen}, a, b, c]`, []);
});

test('space-delimited: START, END and timeout lines', () => {
  matchesExactly('[type=START, label, id, version="Version:", alias]', ['START']);
  matchesExactly('[type=END, label, id]', ['END']);
  matchesExactly('[type=END, label]', []);
  matchesExactly('[type=END, label, id, more]', []);
  matchesExactly('[type=START || type=END, ...]', ['START', 'END']);
  matchesExactly('[time, id, task=Task, ..., seconds > 2.5, unit=seconds]', ['TIMEOUT']);
  matchesExactly('[time, id, task=Task, ..., seconds > 3, unit=seconds]', []);
  matchesExactly('[time=2024-05-01T*, ...]', ['TIMEOUT', 'APP_ERROR', 'APP_WARN', 'APP_DEBUG']);
});

test('space-delimited: Apache lines, with quoted and bracketed fields', () => {
  matchesExactly('[ip, user, username, timestamp, request, status, bytes]', [
    'APACHE',
    'APACHE_404',
    'APACHE_503',
  ]);
  // Without an ellipsis the field count must be exact: six slots fit the six-field app lines only.
  matchesExactly('[ip, user, username, timestamp, request, status]', ['APP_WARN', 'APP_DEBUG']);
  // The bracketed and quoted fields are one field each, without their delimiters.
  matchesExactly(
    '[ip, user, username, timestamp="10/Oct/2000:13:55:36 -0700", request="GET /apache_pb.gif HTTP/1.0", ...]',
    ['APACHE'],
  );
  matchesExactly('[ip, user, username, timestamp, request="*html*", ...]', ['APACHE_404']);
  matchesExactly('[ip, user, username, timestamp, request=POST*, ...]', ['APACHE_503']);
  matchesExactly('[ip, ..., code>=400, bytes]', ['APACHE_404', 'APACHE_503']);
  matchesExactly('[ip, ..., code>=400, bytes>0]', ['APACHE_404']);
  matchesExactly('[..., status=5*, size]', ['APACHE_503']);
  matchesExactly('[ip, user, ..., status=4* || status=5*, bytes]', ['APACHE_404', 'APACHE_503']);
  matchesExactly('[ip, user, ..., status>=200 && status<300, bytes]', ['APACHE']);
  matchesExactly('[ip=10.0.0.*, user=-, username!=-, ...]', ['APACHE_503']);
  matchesExactly('[ip, user, username != frank, timestamp, request, status != 404, bytes]', [
    'APACHE_503',
  ]);
  // With an ellipsis, status may be any numeric field but the last: the REPORT durations qualify too.
  matchesExactly('[ip, user, ..., status != 404, bytes]', [
    'REPORT_COLD',
    'REPORT_WARM',
    'TIMEOUT',
    'APACHE',
    'APACHE_503',
  ]);
  matchesExactly('[ip, ..., status=200, bytes=2326]', ['APACHE']);
  matchesExactly('[ip=127.0.0.1, ...]', ['APACHE']);
});

test('space-delimited: numbers, wildcards and field splitting in detail', () => {
  const check = (pattern: string, message: string, expected: boolean) =>
    assert.equal(
      compileFilterPattern(pattern)(message),
      expected,
      `${pattern} on ${JSON.stringify(message)}`,
    );
  check('[a = 404]', '404.0', true);
  check('[a = 404]', '4.04e2', true);
  check('[a = -0.5]', '-.5', true);
  check('[a > 1e3]', '1001', true);
  check('[a < 10]', '9.99999999999999', true);
  check('[a > 1e20]', '123456789012345678901', true);
  check('[a = 0.3]', '0.30', true);
  // Numeric conditions hold only for numeric fields, != included.
  check('[a != 404]', 'abc', false);
  check('[a > 0]', '12abc', false);
  check('[a = 404]', '-', false);
  check('[a = "404"]', '404.0', false);
  // Wildcards anywhere, and * alone matches any field.
  check('[a = *]', 'x', true);
  check('[a = a*b*c]', 'aXbYc', true);
  check('[a = a*b*c]', 'aXcYb', false);
  check('[a = ab*ba]', 'aba', false);
  check('[a = *.gif]', 'x.gif', true);
  // Separators: runs of spaces, tabs and line breaks; leading and trailing ones add no field.
  check('[a, b, c]', '  a \t\t b\tc\n', true);
  check('[a, b]', 'a b c', false);
  check('[...]', '', true);
  check('[a]', '', false);
  // A quote or bracket only groups when the field starts with it and it is closed.
  check('[a, b="x y", c]', '1 "x y" 3', true);
  check('[a, b, c]', 'say "unclosed here', true);
  check('[a, b="[x]", c]', '1 [[x]] 3', false);
  // Slots between ellipses find their fields wherever they are.
  check('[..., a=x, ..., b=y, ...]', '1 2 x 3 y 4', true);
  check('[..., a=x, ..., b=y, ...]', '1 2 y 3 x 4', false);
  check('[..., a=x, b=y]', 'x y x x y', true);
  check('[a=x, ..., b=x]', 'x', false);
  // Many fields grow the reused buffers.
  const many = Array.from({ length: 1000 }, (_, i) => String(i)).join(' ');
  check('[first=0, ..., last=999]', many, true);
  check('[..., n=500, ...]', many, true);
  check('[first=0, ..., last=998]', many, false);
});

test('a compiled predicate can be reused across many messages', () => {
  const matches = compileFilterPattern(
    '[type=REPORT, ..., label="Init", label2="Duration:", init > 100, ...]',
  );
  const results = [];
  for (let i = 0; i < 3; i++)
    results.push(matches(REPORT_COLD), matches(REPORT_WARM), matches(APACHE));
  assert.deepEqual(results, [true, false, false, true, false, false, true, false, false]);
});

test('JSON: equality, nesting, arrays and wildcards', () => {
  matchesExactly('{ $.level = "ERROR" }', ['JSON_ERROR']);
  matchesExactly('{$.level="INFO"}', ['JSON_INFO']);
  matchesExactly('{ $.level = ERROR }', ['JSON_ERROR']);
  matchesExactly('{ $.level = "error" }', []);
  matchesExactly('{ $.level != "ERROR" }', ['JSON_INFO']);
  matchesExactly('{ $.user.id = "u-1*" }', ['JSON_ERROR', 'JSON_INFO']);
  matchesExactly('{ $.user.email = *@example.com }', ['JSON_ERROR']);
  matchesExactly('{ $.tags[1] = "eu" }', ['JSON_ERROR']);
  matchesExactly('{ $.items[0].id = 2 }', ['JSON_ERROR']);
  matchesExactly('{ $.message = "*fail*" }', ['JSON_ERROR']);
});

test('JSON: numbers, &&, || and parentheses', () => {
  matchesExactly('{ $.latency > 1000 }', ['JSON_ERROR']);
  matchesExactly('{ $.latency <= 40 }', ['JSON_INFO']);
  matchesExactly('{ $.latency != 40 }', ['JSON_ERROR']);
  matchesExactly('{ $.latency = 1.2e3 }', ['JSON_ERROR']);
  matchesExactly('{ $.level = "ERROR" && $.latency > 1000 }', ['JSON_ERROR']);
  matchesExactly('{ $.level = "ERROR" && $.latency < 1000 }', []);
  matchesExactly('{ $.level = "ERROR" || $.latency < 100 }', ['JSON_ERROR', 'JSON_INFO']);
  // && binds tighter than ||.
  matchesExactly('{ $.level = "INFO" || $.level = "ERROR" && $.latency < 100 }', ['JSON_INFO']);
  matchesExactly('{ ($.level = "INFO" || $.level = "ERROR") && $.latency < 100 }', ['JSON_INFO']);
  matchesExactly('{ ($.level = "INFO" || $.level = "ERROR") && ($.latency > 100) }', [
    'JSON_ERROR',
  ]);
  // Types must agree: a number is not the string "1200", nor a string a number.
  matchesExactly('{ $.latency = "1200" }', []);
  matchesExactly('{ $.level > 0 }', []);
});

test('JSON: EXISTS, NOT EXISTS and IS NULL / TRUE / FALSE', () => {
  matchesExactly('{ $.user.email EXISTS }', ['JSON_ERROR']);
  matchesExactly('{ $.user.email NOT EXISTS }', ['JSON_INFO']);
  matchesExactly('{ $.retry exists }', ['JSON_ERROR']);
  matchesExactly('{ $.retry IS NULL }', ['JSON_ERROR']);
  matchesExactly('{ $.cold IS TRUE }', ['JSON_ERROR']);
  matchesExactly('{ $.cold IS FALSE }', ['JSON_INFO']);
  matchesExactly('{ $.tags[5] EXISTS }', []);
  // Inherited properties are not properties of the event.
  matchesExactly('{ $.constructor EXISTS }', []);
});

test('JSON: messages that are not JSON objects never match', () => {
  const matches = compileFilterPattern('{ $.level NOT EXISTS }');
  assert.ok(matches('{"other":1}'));
  assert.ok(matches('  \t{"other":1}\n'));
  for (const line of [APP_ERROR, REPORT_COLD, '', '{ not json', '"just a string"', '42', 'null']) {
    assert.equal(matches(line), false, line);
  }
  assert.ok(compileFilterPattern('{ $[0].a = 1 }')('[{"a":1}]'));
  assert.equal(compileFilterPattern('{ $.a = 1 }')('[{"a":1}]'), false);
});

test('malformed patterns throw a FilterPatternError that says what and where', () => {
  assertInvalid('[a, b', 'Invalid filter pattern "[a, b": missing "]"');
  assertInvalid('[', 'Invalid filter pattern "[": missing "]"');
  assertInvalid('[a, b,', 'Invalid filter pattern "[a, b,": missing "]"');
  assertInvalid(
    '"Task timed out',
    'Invalid filter pattern ""Task timed out": the quote at column 1 is never closed',
  );
  assertInvalid('ERROR -"some phrase', /the quote at column 8 is never closed$/);
  assertInvalid('[a, b="x y, c]', /the quote at column 7 is never closed$/);
  assertInvalid(
    '{ $.level = "ERROR" ',
    'Invalid filter pattern "{ $.level = "ERROR" ": missing "}"',
  );
  assertInvalid('{', /missing "}"$/);
  assertInvalid('{ ($.a = 1 }', /expected "\)" but found "}" at column 12$/);
  assertInvalid('{ ($.a = 1', /missing "\)"$/);
  assertInvalid('[a, b] extra', /unexpected text after "]" at column 8$/);
  assertInvalid('{ $.a = 1 } extra', /unexpected text after "}" at column 13$/);
});

test('an operator without a value, or a bad number, is an error', () => {
  assertInvalid('[a=]', 'Invalid filter pattern "[a=]": "=" needs a value at column 4');
  assertInvalid('[ip, code>=, bytes]', /">=" needs a value at column 12$/);
  assertInvalid('[a !=', /"!=" needs a value at column 6$/);
  assertInvalid('[size > abc]', /">" needs a number, but "abc" is not one at column 9$/);
  assertInvalid('[size > 1.2.3]', /">" needs a number, but "1.2.3" is not one at column 9$/);
  assertInvalid('[size < "5"]', /"<" needs a number, but "5" is not one/);
  assertInvalid('{ $.n > }', /">" needs a value at column 9$/);
  assertInvalid('{ $.n >= 12x }', /">=" needs a number, but "12x" is not one at column 10$/);
  assertInvalid(
    'ERROR -',
    'Invalid filter pattern "ERROR -": "-" must be followed by a term at column 7',
  );
  assertInvalid('? ERROR', /"\?" must be followed by a term at column 1$/);
});

test('other malformed field and JSON patterns', () => {
  assertInvalid('[]', /expected a field name or "..." but found "]" at column 2$/);
  assertInvalid('[a,,b]', /expected a field name or "..." but found "," at column 4$/);
  assertInvalid('[a b]', /expected an operator \(=, !=, <, <=, >, >=\) after "a" at column 4$/);
  assertInvalid('[a=1 b]', /expected "," or "]" but found "b" at column 6$/);
  assertInvalid('[a=1 &&]', /expected a condition after "&&" at column 8$/);
  assertInvalid('[a=1 || b=2]', /a condition in field "a" must test "a", not "b" at column 9$/);
  assertInvalid('{ }', /expected a selector such as \$.level but found "}" at column 3$/);
  assertInvalid(
    '{ level = "x" }',
    /expected a selector such as \$.level but found "l" at column 3$/,
  );
  assertInvalid('{ $ = 1 }', /expected "." or "\[" after "\$" at column 4$/);
  assertInvalid('{ $. = 1 }', /expected a property name after "." at column 4$/);
  assertInvalid('{ $.a[x] = 1 }', /expected an array index such as \[0\] at column 6$/);
  assertInvalid('{ $.a ~ 1 }', /expected an operator \(.*\) after "\$.a" at column 7$/);
  assertInvalid('{ $.a NOT NULL }', /expected "EXISTS" after "NOT" at column 11$/);
  assertInvalid('{ $.a IS MAYBE }', /expected NULL, TRUE or FALSE after "IS" at column 10$/);
  assertInvalid(
    '{ $.a = 1 && }',
    /expected a selector such as \$.level but found "}" at column 14$/,
  );
  assertInvalid(
    'abc"def ghi"',
    /a quote cannot start inside a term; quote the whole phrase at column 4$/,
  );
  assertInvalid('"abc"def', /expected a space after the closing quote at column 6$/);
});

test('JSON: parentheses nest up to 512 deep (more than a 1,024-character pattern can hold); deeper is refused, not a crash', () => {
  const nested = (depth: number) => `{ ${'('.repeat(depth)}$.level = "ERROR"${')'.repeat(depth)} }`;
  matchesExactly(nested(512), ['JSON_ERROR']);
  // Every level a real alternative, so that matching recurses as deep as parsing did.
  let alternatives = '$.level = "ERROR"';
  for (let i = 0; i < 511; i++) alternatives = `($.latency > 1000000 || ${alternatives})`;
  matchesExactly(`{ ${alternatives} }`, ['JSON_ERROR']);
  assertInvalid(
    nested(513),
    /: parentheses nest more than 512 deep \(flatten the conditions\) at column 515$/,
  );
  assertInvalid(
    nested(100_000),
    /^Invalid filter pattern "\{ \({20,}…": parentheses nest more than 512 deep/,
  );
});
