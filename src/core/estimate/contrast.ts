// Colour contrast as WCAG 2 defines it, for the panel's charts: a series is drawn in the first of
// the theme's chart colours that stands out from the background by at least 3:1 (WCAG's minimum
// for graphics), so no theme leaves a series faint.

export interface Rgb {
  readonly r: number;
  readonly g: number;
  readonly b: number;
  readonly a: number;
}

/** WCAG 2's minimum contrast for graphical objects (1.4.11). */
export const GRAPHICS_CONTRAST = 3;

/** "rgb(1, 2, 3)", "rgba(1, 2, 3, 0.5)", "#abc", "#aabbcc", "#aabbccdd"; undefined for anything else. */
export function parseColour(text: string): Rgb | undefined {
  const value = text.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3,8})$/.exec(value)?.[1];
  if (hex && [3, 4, 6, 8].includes(hex.length)) {
    const long = hex.length <= 4 ? [...hex].map((c) => c + c).join('') : hex;
    const byte = (i: number) => parseInt(long.slice(i * 2, i * 2 + 2), 16);
    return { r: byte(0), g: byte(1), b: byte(2), a: long.length === 8 ? byte(3) / 255 : 1 };
  }
  const fn = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+%?))?\s*\)$/.exec(
    value,
  );
  if (!fn) return undefined;
  const alpha =
    fn[4] === undefined
      ? 1
      : fn[4].endsWith('%')
        ? Number(fn[4].slice(0, -1)) / 100
        : Number(fn[4]);
  return { r: Number(fn[1]), g: Number(fn[2]), b: Number(fn[3]), a: alpha };
}

/** A colour with alpha laid over an opaque background: what the eye sees. */
export function over(colour: Rgb, background: Rgb): Rgb {
  const mix = (c: number, b: number) => c * colour.a + b * (1 - colour.a);
  return {
    r: mix(colour.r, background.r),
    g: mix(colour.g, background.g),
    b: mix(colour.b, background.b),
    a: 1,
  };
}

export function relativeLuminance({ r, g, b }: Rgb): number {
  const linear = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** The contrast ratio of a colour (its alpha laid over the background) against that background: 1 to 21. */
export function contrastRatio(colour: Rgb, background: Rgb): number {
  const a = relativeLuminance(over(colour, background));
  const b = relativeLuminance(background);
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

/**
 * The first candidate that reaches `minimum` against the background, else the one with the most
 * contrast. Candidates that are not colours are skipped; undefined when none is.
 */
export function firstReadable(
  candidates: readonly string[],
  background: Rgb,
  minimum = GRAPHICS_CONTRAST,
): string | undefined {
  let best: { text: string; ratio: number } | undefined;
  for (const text of candidates) {
    const colour = parseColour(text);
    if (!colour) continue;
    const ratio = contrastRatio(colour, background);
    if (ratio >= minimum) return text;
    if (!best || ratio > best.ratio) best = { text, ratio };
  }
  return best?.text;
}
