// A one-pass reader for the JSON log format's platform.report record, the fast path before
// JSON.parse: it validates the whole text as (a strict subset of) JSON, reads only the figures the
// statistics need into a ReportFields, and builds no objects on the way. It reads the record's
// bytes (see asciiBytes.ts) and answers true only when it is sure JSON.parse would give the same
// figures; anything unusual (text beyond ASCII, an escape in a key or in a value it reads, a key
// given twice, a shape or value the statistics would refuse, invalid or deeply nested JSON) is
// false, and the caller asks JSON.parse (platformReport.ts).
import { AsciiName, lineBytes } from './asciiBytes';
import { PlainDecimalReader } from './plainDecimal';
import type { ReportFields } from './reportFields';

// Where an object sits, which decides what its keys mean.
const ELSEWHERE = 0;
const TOP = 1; // { "type": "platform.report", "record": … }
const RECORD = 2; // { "requestId", "metrics", "status", "errorType", … }
const METRICS = 3; // { "durationMs", "billedDurationMs", … }
type Place = typeof ELSEWHERE | typeof TOP | typeof RECORD | typeof METRICS;

// One bit per key read, to notice a key given twice (JSON.parse keeps the last; we let it decide).
const TYPE = 1 << 0;
const RECORD_KEY = 1 << 1;
const REQUEST_ID = 1 << 2;
const METRICS_KEY = 1 << 3;
const STATUS = 1 << 4;
const ERROR_TYPE = 1 << 5;
const DURATION = 1 << 6;
const BILLED_DURATION = 1 << 7;
const MEMORY_SIZE = 1 << 8;
const MAX_MEMORY_USED = 1 << 9;
const INIT_DURATION = 1 << 10;
const RESTORE_DURATION = 1 << 11;

// Keys and values compared in place, with their closing quote (so that a longer key differs).
const TYPE_KEY_NAME = new AsciiName('type"');
const RECORD_KEY_NAME = new AsciiName('record"');
const REQUEST_ID_NAME = new AsciiName('requestId"');
const METRICS_NAME = new AsciiName('metrics"');
const STATUS_NAME = new AsciiName('status"');
const ERROR_TYPE_NAME = new AsciiName('errorType"');
const DURATION_NAME = new AsciiName('durationMs"');
const BILLED_DURATION_NAME = new AsciiName('billedDurationMs"');
const MEMORY_SIZE_NAME = new AsciiName('memorySizeMB"');
const MAX_MEMORY_USED_NAME = new AsciiName('maxMemoryUsedMB"');
const INIT_DURATION_NAME = new AsciiName('initDurationMs"');
const RESTORE_DURATION_NAME = new AsciiName('restoreDurationMs"');
const PLATFORM_REPORT = new AsciiName('"platform.report"');
const SUCCESS = new AsciiName('"success"');
const TRUE = new AsciiName('true');
const FALSE = new AsciiName('false');
const NULL = new AsciiName('null');

// Lambda's own record, as Lambda writes it (compact, in this order, status success, numbers without
// sign or exponent): one native regular-expression test vouches for all of it, so its figures are
// then read by position. Strings hold no quote, backslash or control character. Anything else goes
// to the general scan below.
const STRING = '"[^"\\\\\\x00-\\x1f]*"';
const NUMBER = '(?:0|[1-9]\\d*)(?:\\.\\d+)?';
const LAMBDA_RECORD = new RegExp(
  `\\{"time":${STRING},"type":"platform\\.report","record":\\{"requestId":"[^"\\\\\\x00-\\x1f]+",` +
    `"metrics":\\{"durationMs":${NUMBER},"billedDurationMs":${NUMBER},"memorySizeMB":${NUMBER},"maxMemoryUsedMB":${NUMBER}` +
    `(?:,"initDurationMs":${NUMBER})?(?:,"restoreDurationMs":${NUMBER})?\\}` +
    `(?:,"tracing":\\{"spanId":${STRING},"type":${STRING},"value":${STRING}\\})?,"status":"success"\\}\\}$`,
  'y',
);

const MAX_DEPTH = 32;
const SPACE = 32;
const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;
const COLON = 58;
const MINUS = 45;

class PlatformReportScanner {
  private readonly ascii = lineBytes;
  private readonly decimal = new PlainDecimalReader();
  private text = '';
  private bytes = this.ascii.bytes;
  private pos = 0;
  private depth = 0;
  private seen = 0;
  private isPlatformReport = false;
  private fields!: ReportFields;
  /** Set by string(): whether the string just read had an escape (its raw text is then not its value). */
  private escaped = false;

  scan(text: string, start: number, fields: ReportFields, loaded: boolean): boolean {
    if (!loaded) return false;
    this.text = text;
    this.pos = start;
    this.depth = 0;
    this.seen = 0;
    this.isPlatformReport = false;
    this.fields = fields;
    fields.clear();
    fields.requestIdSource = text;
    LAMBDA_RECORD.lastIndex = start;
    if (LAMBDA_RECORD.test(text)) return this.lambdaRecord(start);
    if (this.bytes[start] !== OPEN_BRACE || !this.object(TOP)) return false;
    this.skipSpace();
    const required = TYPE | RECORD_KEY | REQUEST_ID | METRICS_KEY;
    return (
      this.pos === this.ascii.length &&
      this.isPlatformReport &&
      (this.seen & required) === required &&
      fields.isValid()
    );
  }

  /** Reads the figures of a record LAMBDA_RECORD matched at `start`, by position. */
  private lambdaRecord(start: number): boolean {
    const text = this.text;
    const fields = this.fields;
    const timeEnd = text.indexOf('"', start + '{"time":"'.length);
    fields.requestIdStart = timeEnd + '","type":"platform.report","record":{"requestId":"'.length;
    fields.requestIdEnd = text.indexOf('"', fields.requestIdStart);
    fields.durationMs = this.lambdaNumber(
      fields.requestIdEnd + '","metrics":{"durationMs":'.length,
    );
    fields.billedDurationMs = this.lambdaNumber(this.pos + ',"billedDurationMs":'.length);
    fields.memorySizeMB = this.lambdaNumber(this.pos + ',"memorySizeMB":'.length);
    fields.maxMemoryUsedMB = this.lambdaNumber(this.pos + ',"maxMemoryUsedMB":'.length);
    if (this.bytes[this.pos] === COMMA && this.bytes[this.pos + 2] === 105 /* i */) {
      fields.hasInit = true;
      fields.initDurationMs = this.lambdaNumber(this.pos + ',"initDurationMs":'.length);
    }
    if (this.bytes[this.pos] === COMMA && this.bytes[this.pos + 2] === 114 /* r */) {
      fields.hasRestore = true;
      fields.restoreDurationMs = this.lambdaNumber(this.pos + ',"restoreDurationMs":'.length);
    }
    return fields.isValid();
  }

  /** A number LAMBDA_RECORD vouched for (digits, maybe a fraction); Number() reads the long ones. Sets pos after it. */
  private lambdaNumber(start: number): number {
    let value = this.decimal.read(this.bytes, start);
    this.pos = this.decimal.end;
    if (value !== value) value = Number(this.text.slice(start, this.pos));
    return Number.isFinite(value) ? value : NaN;
  }

  private object(place: Place): boolean {
    if (++this.depth > MAX_DEPTH) return false;
    const bytes = this.bytes;
    this.pos++; // {
    this.skipSpace();
    if (bytes[this.pos] === CLOSE_BRACE) {
      this.pos++;
      this.depth--;
      return true;
    }
    for (;;) {
      if (bytes[this.pos] !== QUOTE) return false;
      const key = this.key(place);
      if (key === 0 && (!this.string() || this.escaped)) return false;
      this.skipSpace();
      if (bytes[this.pos] !== COLON) return false;
      this.pos++;
      this.skipSpace();
      if (key === 0) {
        if (!this.value()) return false;
      } else {
        if (this.seen & key) return false;
        this.seen |= key;
        if (!this.member(key)) return false;
      }
      this.skipSpace();
      const next = bytes[this.pos++];
      if (next === CLOSE_BRACE) break;
      if (next !== COMMA) return false;
      this.skipSpace();
    }
    this.depth--;
    return true;
  }

  /**
   * The key at pos (its opening quote) when it is one the statistics read at `place`, compared in
   * place with its closing quote and skipped; 0 (pos unchanged) for any other key.
   */
  private key(place: Place): number {
    const ascii = this.ascii;
    const start = this.pos + 1;
    // The first letter picks the candidate; matches() then compares the rest with the closing quote.
    const first = this.bytes[start];
    if (place === TOP) {
      if (first === 116 /* t */ && ascii.matches(start, TYPE_KEY_NAME))
        return this.skipKey(start, TYPE_KEY_NAME, TYPE);
      if (first === 114 /* r */ && ascii.matches(start, RECORD_KEY_NAME))
        return this.skipKey(start, RECORD_KEY_NAME, RECORD_KEY);
    } else if (place === RECORD) {
      if (first === 114 /* r */ && ascii.matches(start, REQUEST_ID_NAME))
        return this.skipKey(start, REQUEST_ID_NAME, REQUEST_ID);
      if (first === 109 /* m */ && ascii.matches(start, METRICS_NAME))
        return this.skipKey(start, METRICS_NAME, METRICS_KEY);
      if (first === 115 /* s */ && ascii.matches(start, STATUS_NAME))
        return this.skipKey(start, STATUS_NAME, STATUS);
      if (first === 101 /* e */ && ascii.matches(start, ERROR_TYPE_NAME))
        return this.skipKey(start, ERROR_TYPE_NAME, ERROR_TYPE);
    } else if (place === METRICS) {
      switch (first) {
        case 100: // d
          if (ascii.matches(start, DURATION_NAME))
            return this.skipKey(start, DURATION_NAME, DURATION);
          break;
        case 98: // b
          if (ascii.matches(start, BILLED_DURATION_NAME))
            return this.skipKey(start, BILLED_DURATION_NAME, BILLED_DURATION);
          break;
        case 109: // m
          if (ascii.matches(start, MEMORY_SIZE_NAME))
            return this.skipKey(start, MEMORY_SIZE_NAME, MEMORY_SIZE);
          if (ascii.matches(start, MAX_MEMORY_USED_NAME))
            return this.skipKey(start, MAX_MEMORY_USED_NAME, MAX_MEMORY_USED);
          break;
        case 105: // i
          if (ascii.matches(start, INIT_DURATION_NAME))
            return this.skipKey(start, INIT_DURATION_NAME, INIT_DURATION);
          break;
        case 114: // r
          if (ascii.matches(start, RESTORE_DURATION_NAME))
            return this.skipKey(start, RESTORE_DURATION_NAME, RESTORE_DURATION);
          break;
        default:
          break;
      }
    }
    return 0;
  }

  private skipKey(start: number, name: AsciiName, key: number): number {
    this.pos = start + name.length;
    return key;
  }

  /** The value of a key the statistics read. */
  private member(key: number): boolean {
    switch (key) {
      case TYPE:
        return this.typeValue();
      case RECORD_KEY:
        return this.bytes[this.pos] === OPEN_BRACE && this.object(RECORD);
      case REQUEST_ID:
        return this.requestId();
      case METRICS_KEY:
        return this.bytes[this.pos] === OPEN_BRACE && this.object(METRICS);
      case STATUS:
        return this.statusValue();
      case ERROR_TYPE:
        return this.errorTypeValue();
      default:
        return this.metric(key);
    }
  }

  private typeValue(): boolean {
    if (this.ascii.matches(this.pos, PLATFORM_REPORT)) {
      this.isPlatformReport = true;
      this.pos += PLATFORM_REPORT.length;
      return true;
    }
    return this.bytes[this.pos] === QUOTE && this.string() && !this.escaped;
  }

  private requestId(): boolean {
    const start = this.pos + 1;
    if (this.bytes[this.pos] !== QUOTE || !this.string() || this.escaped) return false;
    this.fields.requestIdStart = start;
    this.fields.requestIdEnd = this.pos - 1;
    return true;
  }

  /** Kept unless 'success' (the text line says nothing on success); a status that is not a string is ignored. */
  private statusValue(): boolean {
    if (this.ascii.matches(this.pos, SUCCESS)) {
      this.pos += SUCCESS.length;
      return true;
    }
    if (this.bytes[this.pos] !== QUOTE) return this.value();
    const start = this.pos + 1;
    if (!this.string() || this.escaped) return false;
    this.fields.status = this.text.slice(start, this.pos - 1);
    return true;
  }

  private errorTypeValue(): boolean {
    if (this.bytes[this.pos] !== QUOTE) return this.value();
    const start = this.pos + 1;
    if (!this.string() || this.escaped) return false;
    this.fields.errorType = this.text.slice(start, this.pos - 1);
    return true;
  }

  /**
   * A metric must be a number (anything else makes the record malformed, which JSON.parse
   * confirms). Plain decimals are read from the bytes; signs and exponents by Number(), which
   * reads a JSON number as JSON.parse does.
   */
  private metric(which: number): boolean {
    const start = this.pos;
    if (!this.number()) return false;
    let value = this.decimal.read(this.bytes, start);
    if (this.decimal.end !== this.pos) value = Number(this.text.slice(start, this.pos));
    if (!Number.isFinite(value)) value = NaN;
    const fields = this.fields;
    switch (which) {
      case DURATION:
        fields.durationMs = value;
        break;
      case BILLED_DURATION:
        fields.billedDurationMs = value;
        break;
      case MEMORY_SIZE:
        fields.memorySizeMB = value;
        break;
      case MAX_MEMORY_USED:
        fields.maxMemoryUsedMB = value;
        break;
      case INIT_DURATION:
        fields.hasInit = true;
        fields.initDurationMs = value;
        break;
      default:
        fields.hasRestore = true;
        fields.restoreDurationMs = value;
        break;
    }
    return true;
  }

  private value(): boolean {
    switch (this.bytes[this.pos]) {
      case QUOTE:
        return this.string();
      case OPEN_BRACE:
        return this.object(ELSEWHERE);
      case OPEN_BRACKET:
        return this.array();
      case 116:
        return this.literal(TRUE); // t
      case 102:
        return this.literal(FALSE); // f
      case 110:
        return this.literal(NULL); // n
      default:
        return this.number();
    }
  }

  private array(): boolean {
    if (++this.depth > MAX_DEPTH) return false;
    const bytes = this.bytes;
    this.pos++; // [
    this.skipSpace();
    if (bytes[this.pos] === CLOSE_BRACKET) {
      this.pos++;
      this.depth--;
      return true;
    }
    for (;;) {
      if (!this.value()) return false;
      this.skipSpace();
      const next = bytes[this.pos++];
      if (next === CLOSE_BRACKET) break;
      if (next !== COMMA) return false;
      this.skipSpace();
    }
    this.depth--;
    return true;
  }

  /** A JSON string at pos (its opening quote); sets `escaped`. Control characters are invalid JSON. */
  private string(): boolean {
    const bytes = this.bytes;
    const length = this.ascii.length;
    let pos = this.pos + 1;
    this.escaped = false;
    for (;;) {
      if (pos >= length) return false;
      const code = bytes[pos++]!;
      if (code === QUOTE) break;
      if (code < 32) return false;
      if (code === BACKSLASH) {
        this.escaped = true;
        const escape = bytes[pos++]!;
        if (escape === 117 /* u */) {
          for (let i = 0; i < 4; i++) if (!isHexDigit(bytes[pos++]!)) return false;
        } else if (!isSimpleEscape(escape)) {
          return false;
        }
      }
    }
    this.pos = pos;
    return true;
  }

  /** A JSON number: -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)? */
  private number(): boolean {
    const bytes = this.bytes;
    let pos = this.pos;
    if (bytes[pos] === MINUS) pos++;
    if (bytes[pos] === 48 /* 0 */) pos++;
    else if (isDigit(bytes[pos]!)) while (isDigit(bytes[pos]!)) pos++;
    else return false;
    if (bytes[pos] === 46 /* . */) {
      if (!isDigit(bytes[++pos]!)) return false;
      while (isDigit(bytes[pos]!)) pos++;
    }
    const e = bytes[pos];
    if (e === 101 || e === 69) {
      const sign = bytes[++pos];
      if (sign === 43 || sign === 45) pos++;
      if (!isDigit(bytes[pos]!)) return false;
      while (isDigit(bytes[pos]!)) pos++;
    }
    this.pos = pos;
    return true;
  }

  private literal(word: AsciiName): boolean {
    if (!this.ascii.matches(this.pos, word)) return false;
    this.pos += word.length;
    return true;
  }

  /** JSON white space; records are usually compact, so the first byte is tested before the loop. */
  private skipSpace(): void {
    if (this.bytes[this.pos]! > SPACE) return;
    const bytes = this.bytes;
    let pos = this.pos;
    for (;;) {
      const code = bytes[pos];
      if (code !== 32 && code !== 10 && code !== 13 && code !== 9) break;
      pos++;
    }
    this.pos = pos;
  }
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isHexDigit(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
}

/** \" \\ \/ \b \f \n \r \t */
function isSimpleEscape(code: number): boolean {
  return (
    code === 34 ||
    code === 92 ||
    code === 47 ||
    code === 98 ||
    code === 102 ||
    code === 110 ||
    code === 114 ||
    code === 116
  );
}

const scanner = new PlatformReportScanner();

/**
 * Reads the platform.report record at `start` (a `{`, the record running to the end of the text)
 * into `fields`; true only when it is valid JSON, a well-formed platform.report, and surely read
 * as JSON.parse would. False says nothing: ask JSON.parse. `loaded`: whether lineBytes holds the
 * text (readReportMessage loads each message once for every scanner).
 */
export function scanPlatformReport(
  text: string,
  start: number,
  fields: ReportFields,
  loaded = lineBytes.load(text),
): boolean {
  return scanner.scan(text, start, fields, loaded);
}
