// A cold-start (Init Duration) estimate for a function with little or no data of its own.
//
// Model: init ≈ baseline × package-type factor + size term + import term, where
//   baseline  the published hello-world figure for the runtime and architecture
//             (publishedColdStarts.ts); x86_64 interpolated between 128 and 1,024 MB on a log
//             scale, arm64 measured at 128 MB only and used at every size (memory mostly changes
//             Duration, not Init, for small functions — aws-facts.md);
//   ×2        for container images ("roughly double", aws-facts.md);
//   size      10 ms per MB of zipped package above the hello-world's few KB. An assumption, not a
//             published figure: fetching and unzipping the package at about 100 MB/s;
//   imports   15 ms per top-level import (require/import of a package) for Node.js, Python and
//             Ruby, whose module loading runs inside INIT. An assumption and a floor: one unbundled
//             SDK can cost far more (Momento measured ~1 s for a 1.5 MB unbundled bundle,
//             ~100 ms bundled and minified). Java and .NET load classes lazily; compiled custom
//             runtimes load nothing: no import term for them.
// Every estimate carries this basis; observed Init Durations replace it (mergeColdStart).
import { runtimeInfo, type RuntimeFamily } from '../runtimes';
import type { Architecture } from '../cost/priceTable';
import {
  PUBLISHED_COLD_STARTS,
  PUBLISHED_SOURCE,
  type PublishedColdStart,
} from './publishedColdStarts';

export const PACKAGE_MS_PER_MB = 10;
export const IMPORT_MS = 15;
export const IMAGE_FACTOR = 2;
const HELLO_WORLD_BYTES = 4 * 1024;
const INTERPRETED: ReadonlySet<RuntimeFamily> = new Set(['nodejs', 'python', 'ruby']);

export interface ColdStartInput {
  readonly runtime: string;
  readonly architecture: Architecture;
  readonly memoryMB: number;
  readonly packageType?: 'Zip' | 'Image';
  /** Zipped code size (CodeSize), layers included when known. */
  readonly packageBytes?: number;
  /** Top-level imports of the handler file (what runs during INIT). */
  readonly topLevelImports?: number;
  /** For provided.* runtimes: which published figure to start from. */
  readonly language?: 'go' | 'rust';
}

export interface ColdStartEstimate {
  readonly initMs: number;
  readonly source: 'estimate';
  /** The terms that make it up, in ms. */
  readonly parts: {
    readonly baselineMs: number;
    readonly packageMs: number;
    readonly importsMs: number;
  };
  readonly basis: string;
}

export function estimateColdStart(input: ColdStartInput): ColdStartEstimate {
  const family = runtimeInfo(input.runtime)?.family ?? familyOf(input.runtime);
  const { row, note } = baselineRow(input.runtime, family, input.language);
  const memory = Math.min(
    1024,
    Math.max(128, Number.isFinite(input.memoryMB) ? input.memoryMB : 128),
  );
  const at = Math.log(memory / 128) / Math.log(1024 / 128);
  const published =
    input.architecture === 'arm64'
      ? row.arm64At128MB
      : row.x86At128MB + (row.x86At1024MB - row.x86At128MB) * at;
  const image = input.packageType === 'Image';
  const baselineMs = published * (image ? IMAGE_FACTOR : 1);
  const extraMB = Math.max(0, ((input.packageBytes ?? 0) - HELLO_WORLD_BYTES) / (1024 * 1024));
  const packageMs = extraMB * PACKAGE_MS_PER_MB;
  const imports = Math.max(0, Math.floor(input.topLevelImports ?? 0));
  const importsMs = family && INTERPRETED.has(family) ? imports * IMPORT_MS : 0;
  const parts = [
    `${row.label} ${input.architecture} hello-world ${Math.round(published)} ms (${PUBLISHED_SOURCE})${note}`,
  ];
  if (image) parts.push(`× ${IMAGE_FACTOR} for a container image`);
  if (packageMs >= 0.5)
    parts.push(
      `+ ${Math.round(packageMs)} ms for ${extraMB.toFixed(1)} MB of package (assumed ${PACKAGE_MS_PER_MB} ms/MB)`,
    );
  if (importsMs > 0)
    parts.push(`+ ${importsMs} ms for ${imports} top-level imports (assumed ${IMPORT_MS} ms each)`);
  return {
    initMs: baselineMs + packageMs + importsMs,
    source: 'estimate',
    parts: { baselineMs, packageMs, importsMs },
    basis: `estimate: ${parts.join(' ')}`,
  };
}

function familyOf(runtime: string): RuntimeFamily | undefined {
  const match = /^(nodejs|python|provided|java|dotnet|ruby)/.exec(runtime);
  return match ? (match[1] as RuntimeFamily) : undefined;
}

/** The published row for a runtime: itself, else its family's nearest, else Node.js 22 as a stand-in (said so). */
function baselineRow(
  runtime: string,
  family: RuntimeFamily | undefined,
  language: 'go' | 'rust' | undefined,
): { row: PublishedColdStart; note: string } {
  const find = (label: string) => PUBLISHED_COLD_STARTS.find((r) => r.label === label)!;
  if (family === 'provided')
    return {
      row: find(language === 'rust' ? 'provided.al2023 (Rust)' : 'provided.al2023 (Go)'),
      note: language ? '' : ', assuming Go',
    };
  const exact = PUBLISHED_COLD_STARTS.find((r) => r.runtime === runtime);
  if (exact) return { row: exact, note: '' };
  const stand = (label: string) => ({ row: find(label), note: `, standing in for ${runtime}` });
  switch (family) {
    case 'nodejs':
      return stand(nodeVersion(runtime) >= 22 ? 'nodejs22.x' : 'nodejs20.x');
    case 'python':
      return stand('python3.12');
    case 'java':
      return stand('java21');
    case 'dotnet':
      return stand('dotnet8');
    default:
      return {
        row: find('nodejs22.x'),
        note: `, standing in for ${runtime || 'an unknown runtime'}: no published figure for it`,
      };
  }
}

function nodeVersion(runtime: string): number {
  return Number(/^nodejs(\d+)/.exec(runtime)?.[1] ?? 0);
}
