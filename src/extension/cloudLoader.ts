// The cloud layer (and the AWS SDK inside it, ~120 ms to load) is a separate bundle, required on
// first use so that activation never pays for it.
import type * as Cloud from '../cloud';
import { lazyBundle } from './lazyBundle';

export const loadCloud = lazyBundle<typeof Cloud>('cloud.js');
