// A line's characters as bytes in a reused buffer, for the REPORT scanners' fast paths. Reading a
// Uint8Array costs a fraction of String.prototype.charCodeAt or startsWith (measured here: a byte
// under 1 ns, charCodeAt about 2.5 ns, a startsWith call 20–60 ns), a 4-byte DataView read
// compares four characters at once, and one native encodeInto of a 150-character line costs about
// as much as 30 charCodeAt calls. Only lines that are all ASCII and fit are loaded, so that byte i
// is character i; the scanners read other lines as strings.

const CAPACITY = 4096;
/** After the line: never a digit, letter, space, tab, quote or brace, so every scan stops there. */
const SENTINEL = 0;

export class AsciiBytes {
  readonly bytes = new Uint8Array(CAPACITY);
  readonly view = new DataView(this.bytes.buffer);
  /** Leaves room for the sentinel. */
  private readonly target = this.bytes.subarray(0, CAPACITY - 1);
  private readonly encoder = new TextEncoder();
  /** The loaded line's length; bytes beyond it (after the sentinel) are left from earlier lines. */
  length = 0;
  /** The line the bytes hold ('' when the last load failed), so later readers know they may use them. */
  text = '';

  /** Loads `text`; false (and nothing to read) when it is not all ASCII or is too long. */
  load(text: string): boolean {
    this.text = '';
    if (text.length >= CAPACITY) return false;
    const { read, written } = this.encoder.encodeInto(text, this.target);
    // A character beyond ASCII takes two or more bytes, so equal counts mean ASCII only.
    if (read !== text.length || written !== text.length) return false;
    this.text = text;
    this.length = written;
    this.bytes[written] = SENTINEL;
    return true;
  }

  /** Whether `name` is at `pos`. */
  matches(pos: number, name: AsciiName): boolean {
    if (pos + name.length > this.length) return false;
    const words = name.words;
    const view = this.view;
    let at = pos;
    for (let i = 0; i < words.length; i++, at += 4)
      if (view.getInt32(at, true) !== words[i]) return false;
    const tail = name.tail;
    const bytes = this.bytes;
    for (let i = 0; i < tail.length; i++) if (bytes[at + i] !== tail[i]) return false;
    return true;
  }
}

/** An ASCII constant to compare with AsciiBytes.matches: its whole 4-byte words, then the bytes left. */
export class AsciiName {
  readonly length: number;
  readonly words: Int32Array;
  readonly tail: Uint8Array;

  constructor(readonly text: string) {
    const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
    const view = new DataView(bytes.buffer);
    this.length = bytes.length;
    this.words = Int32Array.from({ length: bytes.length >> 2 }, (_, i) =>
      view.getInt32(i * 4, true),
    );
    this.tail = bytes.slice(this.words.length * 4);
  }
}

/** The one buffer the scanners share: reading a message loads it once for all of them. */
export const lineBytes = new AsciiBytes();
