// The connection a command talks to, from --profile / --endpoint / --region / --home: the local
// endpoint unless a profile or an endpoint is named (as `lambda-lens functions` does).
import { REGION_PATTERN } from '../core/regions';
import { listProfiles } from '../cloud/profiles';
import type { ConnectionTarget } from '../cloud/clients';
import { CliError } from './cliError';
import { connectLocal } from './localConnection';

export interface ConnectionFlags {
  readonly profile?: string;
  readonly region?: string;
  readonly endpoint?: string;
  readonly home?: string;
}

export interface ResolvedTarget {
  readonly target: ConnectionTarget;
  readonly label: string;
  readonly kind: 'local' | 'profile' | 'endpoint';
  close(): Promise<void>;
}

export async function resolveTarget(flags: ConnectionFlags): Promise<ResolvedTarget> {
  if (flags.region !== undefined && !REGION_PATTERN.test(flags.region)) throw new CliError(`--region "${flags.region}" is not a region name (for example eu-west-1)`, 2);
  if (flags.endpoint !== undefined && !/^https?:\/\/\S+$/.test(flags.endpoint)) throw new CliError(`--endpoint must be an http:// or https:// URL, not "${flags.endpoint}"`, 2);
  if (flags.profile === undefined && flags.endpoint === undefined) {
    const local = await connectLocal(flags.home, flags.region);
    return { target: local.target, label: 'Local', kind: 'local', close: () => local.close() };
  }
  const region = flags.region ?? (await profileRegion(flags.profile));
  return {
    target: {
      id: flags.endpoint ? `endpoint:${flags.endpoint}` : `profile:${flags.profile}`, region,
      ...(flags.endpoint ? { endpoint: flags.endpoint } : {}), ...(flags.profile ? { profile: flags.profile } : {}),
      ...(flags.endpoint ? {} : { pacing: `profile:${flags.profile ?? 'default'}` }),
    },
    label: flags.endpoint ?? `profile ${flags.profile}`,
    kind: flags.endpoint ? 'endpoint' : 'profile',
    close: async () => {},
  };
}

async function profileRegion(profile: string | undefined): Promise<string> {
  const found = (await listProfiles()).find((p) => p.name === (profile ?? 'default'));
  return found?.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
}
