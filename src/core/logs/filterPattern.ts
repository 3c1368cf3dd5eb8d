// CloudWatch Logs filter patterns, evaluated the way FilterLogEvents evaluates them server-side
// (AWS docs, "Filter pattern syntax for metric filters, subscription filters, filter log events,
// and Live Tail"), so that logs filtered on this machine match what the cloud would return.
//
// The first character picks one of three forms:
//   ERROR "Task timed out" ?WARN -DEBUG    terms: substrings of the whole message
//   [type=REPORT, ..., duration > 100]     space-delimited: conditions on the message's fields
//   { $.level = "ERROR" && $.ms > 5 }      JSON: conditions on the parsed message
//
// compileFilterPattern() parses once and returns a closure: the predicate runs for every log event,
// so it compiles nothing and (apart from JSON.parse for JSON patterns) allocates nothing per call.
// Not supported: %regex% patterns and term groups.

import { fail } from '../apiProblem';

export class FilterPatternError extends Error {
  override name = 'FilterPatternError';
}

type Matcher = (message: string) => boolean;

/** Compiles once; the returned predicate is called for millions of messages, so make it fast (no regex compile per call, no allocation where avoidable). */
export function compileFilterPattern(pattern: string): Matcher {
  const scanner = new Scanner(pattern);
  scanner.skipSpaces();
  if (scanner.atEnd) return () => true;
  if (scanner.peek() === '[') return compileFields(scanner);
  if (scanner.peek() === '{') return compileJson(scanner);
  return compileTerms(scanner);
}

// ---------------------------------------------------------------------------------------------
// Terms: ERROR "Task timed out" ?WARN ?"timed out" -DEBUG
//
// Plain terms are all required; ? terms form one group of which at least one must occur; - terms
// must not occur. CloudWatch documents ? only on its own, so when a pattern mixes them we keep
// both meanings: `ERROR ?timeout ?throttled` is ERROR AND (timeout OR throttled).
// Matching is case-sensitive substring search, as in CloudWatch. A term that itself starts with
// ? or - is written quoted: "-0700".

/** The matcher for a pattern a caller sent: a pattern that does not parse is refused as CloudWatch Logs refuses it. */
export function compileRequestedPattern(pattern: string): Matcher {
  try {
    return compileFilterPattern(pattern);
  } catch (error) {
    if (error instanceof FilterPatternError) fail('InvalidParameterException', error.message);
    throw error;
  }
}

/** A terms pattern's terms: all `required`, at least one of `anyOf` (when any), none of `excluded`. */
export interface PatternTerms {
  readonly required: readonly string[];
  readonly anyOf: readonly string[];
  readonly excluded: readonly string[];
}

/**
 * The terms of a terms pattern; undefined for the empty, space-delimited and JSON forms. For a
 * reader that can rule messages out before it decodes them (the local endpoint's log store).
 */
export function patternTerms(pattern: string): PatternTerms | undefined {
  const scanner = new Scanner(pattern);
  scanner.skipSpaces();
  if (scanner.atEnd || scanner.peek() === '[' || scanner.peek() === '{') return undefined;
  return parseTerms(scanner);
}

function parseTerms(scanner: Scanner): { required: string[]; anyOf: string[]; excluded: string[] } {
  const required: string[] = [];
  const anyOf: string[] = [];
  const excluded: string[] = [];
  for (scanner.skipSpaces(); !scanner.atEnd; scanner.skipSpaces()) {
    const at = scanner.pos;
    let list = required;
    const prefix = scanner.peek();
    if (prefix === '?' || prefix === '-') {
      scanner.pos++;
      list = prefix === '?' ? anyOf : excluded;
      if (scanner.atEnd || isSpace(scanner.peek()))
        scanner.fail(`"${prefix}" must be followed by a term`, at);
    }
    list.push(readTerm(scanner));
  }
  return { required, anyOf, excluded };
}

function compileTerms(scanner: Scanner): Matcher {
  const { required, anyOf, excluded } = parseTerms(scanner);

  // The common one-word pattern gets a predicate with nothing else in it.
  const only = required[0];
  if (only !== undefined && required.length === 1 && anyOf.length === 0 && excluded.length === 0) {
    return (message) => message.includes(only);
  }
  return (message) => {
    for (const term of required) if (!message.includes(term)) return false;
    for (const term of excluded) if (message.includes(term)) return false;
    if (anyOf.length === 0) return true;
    for (const term of anyOf) if (message.includes(term)) return true;
    return false;
  };
}

/** A quoted phrase, or a run of non-space characters that holds no quote. */
function readTerm(scanner: Scanner): string {
  if (scanner.peek() === '"') {
    const phrase = scanner.readQuoted();
    if (!scanner.atEnd && !isSpace(scanner.peek()))
      scanner.fail('expected a space after the closing quote', scanner.pos);
    return phrase;
  }
  const term = scanner.readWhile((c) => !isSpace(c) && c !== '"');
  // A stray quote inside a word is almost always a typo; saying so beats matching it literally.
  if (scanner.peek() === '"')
    scanner.fail('a quote cannot start inside a term; quote the whole phrase', scanner.pos);
  return term;
}

// ---------------------------------------------------------------------------------------------
// Space-delimited: [ip, user, ..., status=4* || status=5*, bytes]
//
// The message is cut into fields at runs of spaces and tabs (Lambda's REPORT lines use tabs; line
// breaks count too). A field that starts with " or [ runs to the matching " or ], and its value is
// what lies between them: the Apache timestamp [10/Oct/2000:13:55:36 -0700] is one field.
// Each slot of the pattern takes one field; `...` takes any number. Without an ellipsis the number
// of fields must equal the number of slots.

/** Tests the field message[start, end). */
type FieldTest = (message: string, start: number, end: number) => boolean;

/** A slot is a test on one field, or null for `...`. */
type Slot = FieldTest | null;

const ANY_FIELD: FieldTest = () => true;

function compileFields(scanner: Scanner): Matcher {
  scanner.pos++; // '['
  const slots: Slot[] = [];
  for (;;) {
    scanner.skipSpaces();
    slots.push(parseSlot(scanner));
    scanner.skipSpaces();
    if (scanner.eat(',')) continue;
    if (scanner.eat(']')) break;
    if (scanner.atEnd) scanner.fail('missing "]"');
    scanner.fail(`expected "," or "]" but found "${scanner.peek()}"`, scanner.pos);
  }
  scanner.expectEnd(']');

  // Split only as far as the match can look: one field past the slots when there is no ellipsis
  // (to see that there are too many), just the leading slots when every ellipsis is at the end
  // (`[type=REPORT, ...]` reads one field), otherwise the whole message.
  const firstEllipsis = slots.indexOf(null);
  const limit =
    firstEllipsis < 0
      ? slots.length + 1
      : slots.slice(firstEllipsis).every((slot) => slot === null)
        ? firstEllipsis
        : Infinity;
  const fields = new FieldSplitter();
  return (message) => matchSlots(slots, message, fields, fields.split(message, limit));
}

function parseSlot(scanner: Scanner): Slot {
  const at = scanner.pos;
  if (scanner.eat('...')) return null;
  const name = readFieldName(scanner);
  if (name === '') {
    if (scanner.atEnd) scanner.fail('missing "]"');
    scanner.fail(`expected a field name or "..." but found "${scanner.peek()}"`, at);
  }
  scanner.skipSpaces();
  if (scanner.atEnd || scanner.peek() === ',' || scanner.peek() === ']') return ANY_FIELD;

  // name op value { (&& | ||) name op value }, with && binding tighter than ||: a list of
  // alternatives, each a list of tests that must all hold.
  const alternatives: FieldTest[][] = [[]];
  for (;;) {
    const opAt = scanner.pos;
    const op = readOperator(scanner);
    if (op === undefined)
      scanner.fail(`expected an operator (=, !=, <, <=, >, >=) after "${name}"`, opAt);
    alternatives[alternatives.length - 1]?.push(
      fieldComparison(op, readValue(scanner, op, ',]&|')),
    );

    scanner.skipSpaces();
    const connective = scanner.eat('&&') ? '&&' : scanner.eat('||') ? '||' : undefined;
    if (connective === undefined) break;
    if (connective === '||') alternatives.push([]);
    scanner.skipSpaces();
    const nextAt = scanner.pos;
    const nextName = readFieldName(scanner);
    if (nextName === '') scanner.fail(`expected a condition after "${connective}"`, nextAt);
    // Conditions test the slot they sit in; naming another field would need cross-field matching.
    if (nextName !== name)
      scanner.fail(`a condition in field "${name}" must test "${name}", not "${nextName}"`, nextAt);
    scanner.skipSpaces();
  }
  return anyAlternative(alternatives);
}

function readFieldName(scanner: Scanner): string {
  return scanner.readWhile(isWordChar);
}

function fieldComparison(op: Operator, value: Value): FieldTest {
  if (value.kind === 'number') {
    const compare = COMPARE[op];
    const wanted = value.number;
    // A numeric condition only holds for a numeric field, for != too.
    return (message, start, end) => {
      const actual = parseNumberAt(message, start, end);
      return !Number.isNaN(actual) && compare(actual, wanted);
    };
  }
  const matches = compileGlob(value.text);
  return op === '=' ? matches : (message, start, end) => !matches(message, start, end);
}

function anyAlternative(alternatives: FieldTest[][]): FieldTest {
  const single = alternatives[0]?.[0];
  if (single !== undefined && alternatives.length === 1 && alternatives[0]?.length === 1)
    return single;
  return (message, start, end) => {
    for (const tests of alternatives) if (allHold(tests, message, start, end)) return true;
    return false;
  };
}

function allHold(tests: FieldTest[], message: string, start: number, end: number): boolean {
  for (const test of tests) if (!test(message, start, end)) return false;
  return true;
}

/**
 * Wildcard matching with slots for characters and `...` for `*`: each slot takes one field, and on
 * a miss we let the latest ellipsis swallow one more field and retry. Linear in practice and
 * allocation-free.
 */
function matchSlots(slots: Slot[], message: string, fields: FieldSplitter, count: number): boolean {
  const { starts, ends } = fields;
  let slot = 0;
  let field = 0;
  let ellipsis = -1; // the latest `...` seen, and the first field it has not swallowed yet
  let resumeField = 0;
  while (field < count) {
    const test = slots[slot];
    if (test === null) {
      ellipsis = slot++;
      resumeField = field;
    } else if (test !== undefined && test(message, starts[field] ?? 0, ends[field] ?? 0)) {
      slot++;
      field++;
    } else if (ellipsis >= 0) {
      slot = ellipsis + 1;
      field = ++resumeField;
    } else {
      return false;
    }
  }
  while (slots[slot] === null) slot++;
  return slot === slots.length;
}

const SPACE = 0x20,
  TAB = 0x09,
  LF = 0x0a,
  CR = 0x0d,
  QUOTE = 0x22,
  OPEN_BRACKET = 0x5b;

function isSeparator(code: number): boolean {
  // One comparison rejects nearly every character; this test runs for each one of each message.
  return code <= SPACE && (code === SPACE || code === TAB || code === LF || code === CR);
}

/** Field offsets of the latest message, kept in buffers that grow and are reused. */
class FieldSplitter {
  starts = new Int32Array(32);
  ends = new Int32Array(32);

  /** Records up to `limit` fields of `message` and returns how many it recorded. */
  split(message: string, limit: number): number {
    const length = message.length;
    let count = 0;
    let i = 0;
    while (count < limit) {
      while (i < length && isSeparator(message.charCodeAt(i))) i++;
      if (i >= length) break;
      const code = message.charCodeAt(i);
      let start = i;
      let end = -1;
      if (code === QUOTE || code === OPEN_BRACKET) {
        // The field is what lies between the delimiters; an unclosed one is an ordinary character.
        const close = message.indexOf(code === QUOTE ? '"' : ']', i + 1);
        if (close >= 0) {
          start = i + 1;
          end = close;
          i = close + 1;
        }
      }
      if (end < 0) {
        while (i < length && !isSeparator(message.charCodeAt(i))) i++;
        end = i;
      }
      if (count === this.starts.length) this.grow();
      this.starts[count] = start;
      this.ends[count] = end;
      count++;
    }
    return count;
  }

  private grow(): void {
    const starts = new Int32Array(this.starts.length * 2);
    const ends = new Int32Array(this.ends.length * 2);
    starts.set(this.starts);
    ends.set(this.ends);
    this.starts = starts;
    this.ends = ends;
  }
}

// ---------------------------------------------------------------------------------------------
// JSON: { ($.level = "ERROR" || $.level = "WARN") && $.latency > 100 }
//
// Selectors are $ followed by .key and [index]. Comparisons need a value of the right type: a
// string condition holds only for a JSON string, a numeric one only for a JSON number, for != too,
// and neither holds for a missing property. Also: `EXISTS`, `NOT EXISTS`, `IS NULL`, `IS TRUE`,
// `IS FALSE`. Messages that are not JSON never match.

type JsonTest = (root: unknown) => boolean;
type PathStep = string | number;

/**
 * How deep parentheses may nest. Parsing and matching recurse once per level, so a pattern of
 * 100,000 '(' would overflow the stack; 512 is more than a pattern within FilterLogEvents' 1,024
 * characters can hold, so no pattern the cloud accepts is refused.
 */
const MAX_NESTING = 512;

function compileJson(scanner: Scanner): Matcher {
  scanner.pos++; // '{'
  const test = parseJsonOr(scanner, 0);
  scanner.skipSpaces();
  if (scanner.atEnd) scanner.fail('missing "}"');
  if (!scanner.eat('}'))
    scanner.fail(`expected "&&", "||" or "}" but found "${scanner.peek()}"`, scanner.pos);
  scanner.expectEnd('}');
  return (message) => {
    // Most log lines are plain text: skip them before paying for JSON.parse's exception.
    if (!startsLikeJson(message)) return false;
    let root: unknown;
    try {
      root = JSON.parse(message);
    } catch {
      return false;
    }
    return test(root);
  };
}

function parseJsonOr(scanner: Scanner, depth: number): JsonTest {
  const tests = [parseJsonAnd(scanner, depth)];
  while ((scanner.skipSpaces(), scanner.eat('||'))) tests.push(parseJsonAnd(scanner, depth));
  const [first] = tests;
  if (first !== undefined && tests.length === 1) return first;
  return (root) => {
    for (const test of tests) if (test(root)) return true;
    return false;
  };
}

function parseJsonAnd(scanner: Scanner, depth: number): JsonTest {
  const tests = [parseJsonCondition(scanner, depth)];
  while ((scanner.skipSpaces(), scanner.eat('&&'))) tests.push(parseJsonCondition(scanner, depth));
  const [first] = tests;
  if (first !== undefined && tests.length === 1) return first;
  return (root) => {
    for (const test of tests) if (!test(root)) return false;
    return true;
  };
}

function parseJsonCondition(scanner: Scanner, depth: number): JsonTest {
  scanner.skipSpaces();
  const at = scanner.pos;
  if (scanner.eat('(')) {
    if (depth === MAX_NESTING)
      scanner.fail(`parentheses nest more than ${MAX_NESTING} deep (flatten the conditions)`, at);
    const inner = parseJsonOr(scanner, depth + 1);
    scanner.skipSpaces();
    if (scanner.eat(')')) return inner;
    if (scanner.atEnd) scanner.fail('missing ")"');
    scanner.fail(`expected ")" but found "${scanner.peek()}"`, scanner.pos);
  }
  const path = readSelector(scanner);
  const selector = scanner.text.slice(at, scanner.pos);
  scanner.skipSpaces();

  if (scanner.eatWord('EXISTS')) return (root) => resolve(root, path) !== undefined;
  if (scanner.eatWord('NOT')) {
    scanner.skipSpaces();
    if (!scanner.eatWord('EXISTS')) scanner.fail('expected "EXISTS" after "NOT"', scanner.pos);
    return (root) => resolve(root, path) === undefined;
  }
  if (scanner.eatWord('IS')) {
    scanner.skipSpaces();
    for (const [word, literal] of [
      ['NULL', null],
      ['TRUE', true],
      ['FALSE', false],
    ] as const) {
      if (scanner.eatWord(word)) return (root) => resolve(root, path) === literal;
    }
    scanner.fail('expected NULL, TRUE or FALSE after "IS"', scanner.pos);
  }

  const opAt = scanner.pos;
  const op = readOperator(scanner);
  if (op === undefined) {
    scanner.fail(
      `expected an operator (=, !=, <, <=, >, >=, EXISTS, NOT EXISTS, IS NULL) after "${selector}"`,
      opAt,
    );
  }
  const value = readValue(scanner, op, '})&|');
  if (value.kind === 'number') {
    const compare = COMPARE[op];
    const wanted = value.number;
    return (root) => {
      const actual = resolve(root, path);
      return typeof actual === 'number' && compare(actual, wanted);
    };
  }
  const matches = compileGlob(value.text);
  const wanted = op === '=';
  return (root) => {
    const actual = resolve(root, path);
    return typeof actual === 'string' && matches(actual, 0, actual.length) === wanted;
  };
}

/** `$.a.b[0].c` → ['a', 'b', 0, 'c']. */
function readSelector(scanner: Scanner): PathStep[] {
  const at = scanner.pos;
  if (!scanner.eat('$')) {
    if (scanner.atEnd) scanner.fail('missing "}"');
    scanner.fail(`expected a selector such as $.level but found "${scanner.peek()}"`, at);
  }
  const path: PathStep[] = [];
  for (;;) {
    const stepAt = scanner.pos;
    if (scanner.eat('.')) {
      const key = scanner.readWhile(isKeyChar);
      if (key === '') scanner.fail('expected a property name after "."', stepAt);
      path.push(key);
    } else if (scanner.eat('[')) {
      const index = scanner.readWhile(isDigit);
      if (index === '' || !scanner.eat(']'))
        scanner.fail('expected an array index such as [0]', stepAt);
      path.push(Number(index));
    } else {
      break;
    }
  }
  if (path.length === 0) scanner.fail('expected "." or "[" after "$"', scanner.pos);
  return path;
}

/** The value at `path`, or undefined when it is missing (JSON itself has no undefined). */
function resolve(root: unknown, path: PathStep[]): unknown {
  let current = root;
  for (const step of path) {
    if (typeof step === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[step];
    } else {
      // Own properties only, so that `$.constructor` is not found on every object.
      if (
        typeof current !== 'object' ||
        current === null ||
        Array.isArray(current) ||
        !Object.hasOwn(current, step)
      ) {
        return undefined;
      }
      current = (current as Record<string, unknown>)[step];
    }
  }
  return current;
}

function startsLikeJson(message: string): boolean {
  for (let i = 0; i < message.length; i++) {
    const code = message.charCodeAt(i);
    if (!isSeparator(code)) return code === 0x7b || code === 0x5b; // { or [
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Shared by the space-delimited and JSON forms: operators, values, wildcards, numbers.

type Operator = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** Two-character operators first, so that `<=` is not read as `<`. */
const OPERATORS: readonly Operator[] = ['!=', '<=', '>=', '=', '<', '>'];

const COMPARE: Record<Operator, (actual: number, wanted: number) => boolean> = {
  '=': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

type Value = { kind: 'number'; number: number } | { kind: 'string'; text: string };

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function readOperator(scanner: Scanner): Operator | undefined {
  for (const op of OPERATORS) if (scanner.eat(op)) return op;
  return undefined;
}

/**
 * The value after an operator. A quoted value is a string; an unquoted one is a number when it
 * reads as one (so `status=404` also matches "404.0"), otherwise a string. `*` is a wildcard in
 * strings, quoted or not. <, <=, > and >= need a number.
 */
function readValue(scanner: Scanner, op: Operator, stops: string): Value {
  scanner.skipSpaces();
  const at = scanner.pos;
  let value: Value;
  if (scanner.peek() === '"') {
    value = { kind: 'string', text: scanner.readQuoted() };
  } else {
    const raw = scanner.readWhile((c) => !isSpace(c) && !stops.includes(c));
    if (raw === '') scanner.fail(`"${op}" needs a value`, at);
    value = NUMBER.test(raw)
      ? { kind: 'number', number: Number(raw) }
      : { kind: 'string', text: raw };
  }
  if (value.kind === 'string' && op !== '=' && op !== '!=') {
    scanner.fail(`"${op}" needs a number, but "${value.text}" is not one`, at);
  }
  return value;
}

/** Whether text[start, end) matches `pattern`, where `*` stands for any run of characters. */
type TextTest = (text: string, start: number, end: number) => boolean;

function compileGlob(pattern: string): TextTest {
  const parts = pattern.split('*');
  if (parts.length === 1) {
    return (text, start, end) => end - start === pattern.length && text.startsWith(pattern, start);
  }
  // The first part anchors the start, the last the end; the ones between are found left to right,
  // which is enough for * (taking the earliest place for each never loses a match).
  const head = parts[0] ?? '';
  const tail = parts[parts.length - 1] ?? '';
  const middle = parts.slice(1, -1).filter((part) => part !== '');
  const fixedLength = head.length + tail.length;
  return (text, start, end) => {
    if (end - start < fixedLength || !text.startsWith(head, start) || !text.endsWith(tail, end))
      return false;
    let from = start + head.length;
    const limit = end - tail.length;
    for (const part of middle) {
      const found = text.indexOf(part, from);
      if (found < 0 || found + part.length > limit) return false;
      from = found + part.length;
    }
    return true;
  };
}

/** Exact powers of ten: an integer below 2^53 divided by one of them is correctly rounded. */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * The number text[start, end) spells, or NaN. Reads the usual decimals without making a substring;
 * exponents and very long mantissas go to Number().
 */
function parseNumberAt(text: string, start: number, end: number): number {
  let i = start;
  const sign = text.charCodeAt(i);
  const negative = sign === 0x2d; // -
  if (negative || sign === 0x2b) i++; // +
  let mantissa = 0;
  let digits = 0;
  let decimals = 0;
  let seenPoint = false;
  for (; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x30 && code <= 0x39) {
      mantissa = mantissa * 10 + (code - 0x30);
      digits++;
      if (seenPoint) decimals++;
    } else if (code === 0x2e && !seenPoint) {
      seenPoint = true;
    } else {
      break;
    }
  }
  if (digits === 0) return NaN;
  if (i === end && digits <= 15) {
    const value = mantissa / (POWERS_OF_TEN[decimals] ?? 10 ** decimals);
    return negative ? -value : value;
  }
  if (i < end) {
    const code = text.charCodeAt(i);
    if (code !== 0x65 && code !== 0x45) return NaN; // e or E
    i++;
    const expSign = text.charCodeAt(i);
    if (expSign === 0x2d || expSign === 0x2b) i++;
    if (i === end) return NaN;
    for (; i < end; i++) if (!isDigitCode(text.charCodeAt(i))) return NaN;
  }
  return Number(text.slice(start, end));
}

// ---------------------------------------------------------------------------------------------
// Reading the pattern text.

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

function isDigitCode(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

function isWordChar(c: string): boolean {
  return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}

function isKeyChar(c: string): boolean {
  return isWordChar(c) || c === '-' || c === '@' || c === '$';
}

/** A message quotes at most this much of the pattern: a hostile one may be megabytes long. */
const SHOWN_PATTERN_CHARS = 200;

class Scanner {
  pos = 0;

  constructor(readonly text: string) {}

  get atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  /** The next character, or '' at the end. */
  peek(): string {
    return this.text.charAt(this.pos);
  }

  skipSpaces(): void {
    while (!this.atEnd && isSpace(this.peek())) this.pos++;
  }

  eat(token: string): boolean {
    if (!this.text.startsWith(token, this.pos)) return false;
    this.pos += token.length;
    return true;
  }

  /** Eats a keyword, in any case, when it is a whole word. */
  eatWord(word: string): boolean {
    const end = this.pos + word.length;
    if (this.text.slice(this.pos, end).toUpperCase() !== word || isWordChar(this.text.charAt(end)))
      return false;
    this.pos = end;
    return true;
  }

  readWhile(accept: (c: string) => boolean): string {
    const start = this.pos;
    while (!this.atEnd && accept(this.peek())) this.pos++;
    return this.text.slice(start, this.pos);
  }

  /** Reads "…" from the opening quote; \" and \\ stand for " and \. */
  readQuoted(): string {
    const open = this.pos++;
    let text = '';
    while (!this.atEnd) {
      const c = this.text.charAt(this.pos++);
      if (c === '"') return text;
      const next = this.peek();
      if (c === '\\' && (next === '"' || next === '\\')) {
        text += next;
        this.pos++;
      } else {
        text += c;
      }
    }
    return this.fail(`the quote at column ${open + 1} is never closed`);
  }

  expectEnd(closer: string): void {
    this.skipSpaces();
    if (!this.atEnd) this.fail(`unexpected text after "${closer}"`, this.pos);
  }

  /** Throws, naming the pattern (its start, when long), the problem and (when given) the 1-based column. */
  fail(problem: string, at?: number): never {
    const where = at === undefined ? '' : ` at column ${at + 1}`;
    const shown =
      this.text.length > SHOWN_PATTERN_CHARS
        ? `${this.text.slice(0, SHOWN_PATTERN_CHARS)}…`
        : this.text;
    throw new FilterPatternError(`Invalid filter pattern "${shown}": ${problem}${where}`);
  }
}
