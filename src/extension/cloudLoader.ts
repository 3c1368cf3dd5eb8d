// The cloud layer (and the AWS SDK inside it, ~120 ms to load) is a separate bundle, required on
// first use so that activation never pays for it.
import { join } from 'node:path';
import type * as Cloud from '../cloud';

let cloud: typeof Cloud | undefined;

export function loadCloud(): typeof Cloud {
  // A computed path keeps esbuild from inlining dist/cloud.js into the activation bundle.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  cloud ??= require(join(__dirname, 'cloud.js')) as typeof Cloud;
  return cloud;
}
