// A fixed log-scale histogram (HDR-style): constant memory however many values, percentiles
// within 1 % of the exact value. Buckets grow by RATIO = 1.02 from MIN; a value is reported as
// its bucket's geometric middle, so the relative error is at most sqrt(1.02) − 1 ≈ 0.995 %.
// Values at or below MIN (0.01 ms, the REPORT line's resolution) share bucket 0; values above MAX
// share the last bucket, reported as the largest value seen. Exact min, max and sum are kept.

export const HISTOGRAM_MIN = 0.01;
export const HISTOGRAM_MAX = 1e7; // ms: far beyond the 900 s time-out; MB: beyond 10,240
export const HISTOGRAM_RATIO = 1.02;
/** The largest relative error of a percentile, for values between MIN and MAX. */
export const HISTOGRAM_RELATIVE_ERROR = Math.sqrt(HISTOGRAM_RATIO) - 1;

const LOG_RATIO = Math.log(HISTOGRAM_RATIO);
const LOG_MIN = Math.log(HISTOGRAM_MIN);
const BUCKETS = Math.ceil((Math.log(HISTOGRAM_MAX) - LOG_MIN) / LOG_RATIO) + 2;
const HALF_STEP = Math.sqrt(HISTOGRAM_RATIO);

/** The bucket of a value: the definition (one Math.log). add() finds the same bucket by table. */
export function bucketOf(value: number): number {
  if (value <= HISTOGRAM_MIN) return 0;
  const index = 1 + Math.floor((Math.log(value) - LOG_MIN) / LOG_RATIO);
  return index < BUCKETS ? index : BUCKETS - 1;
}

// add() runs for every figure of every REPORT line, so it finds the bucket without a logarithm:
// the double's exponent and top 6 mantissa bits name a cell 1/64 of an octave wide (a ratio under
// 1.0157, narrower than a bucket's 1.02), so a cell holds at most one bucket edge; the cell's first
// bucket and one comparison with the next edge give the bucket. The edges are the smallest doubles
// bucketOf() puts in each bucket, found with bucketOf() itself, so both agree on every
// value (test/unit/reportStats.test.ts checks each edge and its neighbours).
const CELL_SHIFT = 20 - 6; // of the double's high word: sign, 11 exponent bits, 6 mantissa bits
const double = new Float64Array(1);
const words = new Uint32Array(double.buffer);
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0; // the high word's index: 1 on little-endian machines
const LOW = 1 - HIGH;
const cellOf = (value: number): number => {
  double[0] = value;
  return words[HIGH]! >>> CELL_SHIFT;
};
/** edges[i]: the smallest value in bucket i (edges[0] = 0, edges[BUCKETS] = Infinity). */
const edges = new Float64Array(BUCKETS + 1);
const FIRST_CELL = cellOf(HISTOGRAM_MIN);
const cellBuckets = new Uint16Array(cellOf(HISTOGRAM_MAX * HISTOGRAM_RATIO ** 2) - FIRST_CELL + 1);
buildBucketTables();

function buildBucketTables(): void {
  edges[BUCKETS] = Infinity;
  for (let i = 1; i < BUCKETS; i++) {
    // The nominal edge is within a few doubles of bucketOf()'s own: step to the smallest double in bucket i.
    let edge = HISTOGRAM_MIN * HISTOGRAM_RATIO ** (i - 1);
    while (bucketOf(edge) >= i) edge = adjacentDouble(edge, -1);
    while (bucketOf(edge) < i) edge = adjacentDouble(edge, 1);
    edges[i] = edge;
  }
  let bucket = 0;
  for (let cell = 0; cell < cellBuckets.length; cell++) {
    words[HIGH] = (FIRST_CELL + cell) << CELL_SHIFT;
    words[LOW] = 0;
    const cellStart = double[0]!;
    while (bucket + 1 < BUCKETS && edges[bucket + 1]! <= cellStart) bucket++;
    cellBuckets[cell] = bucket;
  }
}

/** The next double above (+1) or below (−1) a positive finite value. */
function adjacentDouble(value: number, direction: 1 | -1): number {
  double[0] = value;
  const low = words[LOW]! + direction;
  words[HIGH] = words[HIGH]! + (low < 0 ? -1 : low > 0xffffffff ? 1 : 0);
  words[LOW] = low >>> 0;
  return double[0]!;
}

/** bucketOf(value) for a finite value ≥ 0, by table. */
function tableBucketOf(value: number): number {
  if (value <= HISTOGRAM_MIN) return 0;
  if (value >= edges[BUCKETS - 1]!) return BUCKETS - 1;
  const bucket = cellBuckets[cellOf(value) - FIRST_CELL]!;
  return value >= edges[bucket + 1]! ? bucket + 1 : bucket;
}

/** For tests: the bucket add() uses, and the edges it compares with. */
export const bucketTables = { tableBucketOf, edges, buckets: BUCKETS } as const;

/** The bucket's lower edge (bucket i ≥ 1 holds [MIN·R^(i−1), MIN·R^i)). */
export function bucketLowerEdge(index: number): number {
  return index <= 0 ? 0 : HISTOGRAM_MIN * HISTOGRAM_RATIO ** (index - 1);
}

export interface Distribution {
  readonly count: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
}

export class LogHistogram {
  readonly counts = new Float64Array(BUCKETS);
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;

  /** Ignores values that are not finite and non-negative (the parsers never pass them). */
  add(value: number): void {
    if (!(value >= 0) || value === Infinity) return;
    this.counts[tableBucketOf(value)]! += 1;
    this.count += 1;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  addAll(other: LogHistogram): void {
    for (let i = 0; i < BUCKETS; i++) this.counts[i]! += other.counts[i]!;
    this.count += other.count;
    this.sum += other.sum;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
  }

  /**
   * Nearest rank (the smallest value with at least p % of values at or below it), as the bucket's
   * middle clamped to the exact min and max; NaN when empty.
   */
  percentile(p: number): number {
    if (this.count === 0) return NaN;
    const rank = Math.max(1, Math.ceil((Math.min(100, Math.max(0, p)) / 100) * this.count));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return this.clamp(this.representative(i));
    }
    return this.max;
  }

  distribution(): Distribution | undefined {
    if (this.count === 0) return undefined;
    return {
      count: this.count,
      min: this.min,
      max: this.max,
      mean: this.sum / this.count,
      p50: this.percentile(50),
      p90: this.percentile(90),
      p99: this.percentile(99),
    };
  }

  /** Non-empty buckets as [lower edge, upper edge, count], for charts. */
  *buckets(): Generator<[number, number, number]> {
    for (let i = 0; i < BUCKETS; i++) {
      const c = this.counts[i]!;
      if (c > 0)
        yield [bucketLowerEdge(i), i === BUCKETS - 1 ? this.max : bucketLowerEdge(i + 1), c];
    }
  }

  get byteSize(): number {
    return this.counts.byteLength + 4 * 8;
  }

  private representative(index: number): number {
    if (index === 0) return this.min;
    if (index === BUCKETS - 1) return this.max;
    return bucketLowerEdge(index) * HALF_STEP;
  }

  private clamp(value: number): number {
    return Math.min(this.max, Math.max(this.min, value));
  }
}
