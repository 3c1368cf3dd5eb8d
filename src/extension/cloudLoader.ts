// The cloud layer (and the AWS SDK inside it, ~60 ms to load) is a separate bundle, required on
// first use so that activation never pays for it.
import type * as Cloud from '../cloud';
import type * as Profiles from '../cloud/profiles';
import { lazyBundle } from './lazyBundle';

export const loadCloud = lazyBundle<typeof Cloud>('cloud.js');

/**
 * The profile reader alone (the SDK's INI loader, ≈ 18 KB): the Functions view's first draw waits
 * for the profiles, and loading the whole cloud bundle for them took longer than the rest of
 * that draw. It holds no state, so its copy inside dist/cloud.js (for the CLI) does no harm.
 */
export const loadProfiles = lazyBundle<typeof Profiles>('profiles.js');
