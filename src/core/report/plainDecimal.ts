// Reads a plain decimal (`8.40`, `1234`, `.5`, `7.`) from bytes, without creating a substring:
// the REPORT scanners read several numbers per line, millions of lines.
// The result is the same double as Number() gives: the digits are read as one integer below 2^53
// and divided once by an exact power of ten, and IEEE division rounds correctly, so the quotient is
// the double nearest the decimal — Number()'s own answer. Anything else (signs, exponents, more
// than 15 digits) is NaN here, for the caller to read some other way.

/** 10^0 … 10^15, all exact doubles. */
const POWERS_OF_TEN = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];
const MAX_DIGITS = 15; // 10^15 < 2^53: every integer read is exact
const DOT = 46;
const ZERO = 48;

export class PlainDecimalReader {
  /** Where the last read stopped: the first byte that is not part of the decimal. */
  end = 0;

  /**
   * The decimal that starts at `start`, as far as it goes; NaN when there is none or it has too
   * many digits. The bytes must end with a byte that is not a digit (AsciiBytes' sentinel).
   */
  read(bytes: Uint8Array, start: number): number {
    let digits = 0;
    let fractionDigits = 0;
    let integer = 0;
    let pos = start;
    for (; ; pos++) {
      const digit = bytes[pos]! - ZERO;
      if (!(digit >= 0 && digit <= 9)) break;
      integer = integer * 10 + digit;
      digits++;
    }
    if (bytes[pos] === DOT) {
      for (pos++; ; pos++) {
        const digit = bytes[pos]! - ZERO;
        if (!(digit >= 0 && digit <= 9)) break;
        integer = integer * 10 + digit;
        digits++;
        fractionDigits++;
      }
    }
    this.end = pos;
    if (digits === 0 || digits > MAX_DIGITS) return NaN;
    return fractionDigits === 0 ? integer : integer / POWERS_OF_TEN[fractionDigits]!;
  }
}
