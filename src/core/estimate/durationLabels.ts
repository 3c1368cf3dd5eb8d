// Labels for the histogram's bin edges: the fewest significant digits (two at least) that keep
// every edge apart from its neighbours, so narrow bins never read "0.6 ms–0.6 ms".

const MIN_DIGITS = 2;
const MAX_DIGITS = 6;

// One formatter per precision: toLocaleString with options builds a new one on every call.
const formats = new Map<number, Intl.NumberFormat>();

function withDigits(value: number, digits: number): string {
  let format = formats.get(digits);
  if (!format)
    formats.set(
      digits,
      (format = new Intl.NumberFormat('en-US', {
        minimumSignificantDigits: digits,
        maximumSignificantDigits: digits,
      })),
    );
  return format.format(value);
}

export function distinctEdgeLabels(edges: readonly number[]): string[] {
  let labels: string[] = [];
  for (let digits = MIN_DIGITS; digits <= MAX_DIGITS; digits++) {
    labels = edges.map((e) => withDigits(e, digits));
    if (labels.every((label, i) => i === 0 || label !== labels[i - 1])) return labels;
  }
  return labels;
}
