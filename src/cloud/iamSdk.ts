// The IAM SDK, needed only to create an execution role: a bundle of its own (dist/iam.js, ~300 KB),
// required on that first need, so the cloud bundle and the CLI do not carry it on every load.
// Run from source (tests), the package itself is required.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type * as IamSdk from '@aws-sdk/client-iam';

let loaded: typeof IamSdk | undefined;

export function loadIamSdk(): typeof IamSdk {
  const bundled = join(__dirname, 'iam.js');
  // '@aws-sdk/client-iam' is external to the bundles (esbuild.mjs): only dist/iam.js holds it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (loaded ??= require(
    existsSync(bundled) ? bundled : '@aws-sdk/client-iam',
  ) as typeof IamSdk);
}
