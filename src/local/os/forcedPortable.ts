// One switch for every Linux-only mechanism in src/local/os: LAMBDA_LENS_FORCE_PORTABLE=1 makes
// each take the path it takes on macOS and Windows, so that path is tested on this machine too.
export const FORCE_PORTABLE_VARIABLE = 'LAMBDA_LENS_FORCE_PORTABLE';

export function portableForced(): boolean {
  return process.env[FORCE_PORTABLE_VARIABLE] === '1';
}
