// Lambda's package limits, checked before anything is uploaded: 250 MB unzipped (checked from
// file sizes, before zipping) and 50 MB zipped for a direct upload. The message names the
// largest files, since those are what the user will want to leave out.
import { UNZIPPED_MAX_BYTES, ZIP_UPLOAD_MAX_BYTES } from '../limits';

export interface SizedPath {
  readonly path: string;
  readonly size: number;
}

/** Zip entry count without ZIP64 (what our writer produces). */
export const MAX_ZIP_ENTRIES = 65_535;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function largest(files: readonly SizedPath[], count = 5): string {
  return [...files]
    .sort((a, b) => b.size - a.size || (a.path < b.path ? -1 : 1))
    .slice(0, count)
    .map((f) => `${f.path} (${formatBytes(f.size)})`)
    .join(', ');
}

const WHAT_TO_DO =
  'Leave large files out with a .lambdaignore (gitignore syntax), move dependencies to a layer, or upload through S3.';

/** A message when the files exceed 250 MB unzipped or the zip entry count; undefined when they fit. */
export function checkUnzippedSize(files: readonly SizedPath[]): string | undefined {
  if (files.length > MAX_ZIP_ENTRIES)
    return `The package has ${files.length.toLocaleString('en-US')} files; at most ${MAX_ZIP_ENTRIES.toLocaleString('en-US')} fit in one zip here. ${WHAT_TO_DO}`;
  const total = files.reduce((sum, f) => sum + f.size, 0);
  if (total <= UNZIPPED_MAX_BYTES) return undefined;
  return `The package is ${formatBytes(total)} unzipped; Lambda allows at most ${formatBytes(UNZIPPED_MAX_BYTES)} unzipped. Largest files: ${largest(files)}. ${WHAT_TO_DO}`;
}

/** A message when the zip is above 50 MB (direct upload); undefined when it fits. */
export function checkZippedSize(
  zippedBytes: number,
  files: readonly SizedPath[],
): string | undefined {
  if (zippedBytes <= ZIP_UPLOAD_MAX_BYTES) return undefined;
  return `The zip is ${formatBytes(zippedBytes)}; Lambda takes at most ${formatBytes(ZIP_UPLOAD_MAX_BYTES)} uploaded directly. Largest files: ${largest(files)}. ${WHAT_TO_DO}`;
}
