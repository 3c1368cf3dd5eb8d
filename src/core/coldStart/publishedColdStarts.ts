// Published cold starts: maxday/lambda-perf (https://maxday.github.io/lambda-perf/), a daily
// measurement of hello-world zip functions, average Init Duration in ms, as copied into
// ../shared/notes/aws-facts.md ("Published cold starts"). Only these figures; others are derived
// (see coldStartEstimate.ts) and say so.

export interface PublishedColdStart {
  /** The runtime id it was measured with, and the language for provided.al2023. */
  readonly runtime: string;
  readonly label: string;
  readonly x86At128MB: number;
  readonly x86At1024MB: number;
  readonly arm64At128MB: number;
}

export const PUBLISHED_COLD_STARTS: readonly PublishedColdStart[] = [
  {
    runtime: 'nodejs20.x',
    label: 'nodejs20.x',
    x86At128MB: 138,
    x86At1024MB: 141,
    arm64At128MB: 123,
  },
  {
    runtime: 'nodejs22.x',
    label: 'nodejs22.x',
    x86At128MB: 137,
    x86At1024MB: 140,
    arm64At128MB: 124,
  },
  { runtime: 'python3.12', label: 'python3.12', x86At128MB: 85, x86At1024MB: 81, arm64At128MB: 73 },
  { runtime: 'java21', label: 'java21', x86At128MB: 242, x86At1024MB: 235, arm64At128MB: 254 },
  { runtime: 'dotnet8', label: 'dotnet8', x86At128MB: 248, x86At1024MB: 238, arm64At128MB: 323 },
  {
    runtime: 'provided.al2023',
    label: 'provided.al2023 (Go)',
    x86At128MB: 49,
    x86At1024MB: 50,
    arm64At128MB: 42,
  },
  {
    runtime: 'provided.al2023',
    label: 'provided.al2023 (Rust)',
    x86At128MB: 16,
    x86At1024MB: 15,
    arm64At128MB: 14,
  },
];

export const PUBLISHED_SOURCE =
  'maxday/lambda-perf, hello-world zip, average Init Duration (aws-facts.md)';
