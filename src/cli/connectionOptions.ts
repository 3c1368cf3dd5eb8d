// The options every command that talks to Lambda shares (--profile, --region, --endpoint,
// --home), and the connection they name: the local endpoint unless --profile or --endpoint.
import { describeConnectionError } from '../core/connectionErrors';
import { connectionIdOf } from '../core/connectionIds';
import { targetKindOf } from '../core/connections';
import { REGION_PATTERN } from '../core/regions';
import type { ConnectionTarget } from '../cloud/clients';
import { listProfiles, profileEndpoints } from '../cloud/profiles';
import { CliError } from './cliError';
import { connectLocal } from './localConnection';
import type { LocalEndpoint } from '../local/server';

export const CONNECTION_OPTIONS = {
  profile: { type: 'string' },
  region: { type: 'string' },
  endpoint: { type: 'string' },
  home: { type: 'string' },
} as const;

export const CONNECTION_HELP = `  --profile P     an AWS profile from ~/.aws/config or ~/.aws/credentials (SSO too)
  --region R      the region (default: the profile's, else us-east-1)
  --endpoint URL  a Lambda-compatible endpoint (LocalStack, …); credentials from --profile or the default chain
  --home DIR      the local endpoint's home (when neither --profile nor --endpoint is given)`;

export interface ConnectionValues {
  readonly profile?: string | undefined;
  readonly region?: string | undefined;
  readonly endpoint?: string | undefined;
  readonly home?: string | undefined;
}

export interface OpenConnection {
  readonly target: ConnectionTarget;
  /** "Local", "profile dev" or the endpoint's URL, for messages. */
  readonly label: string;
  readonly kind: 'local' | 'profile' | 'endpoint';
  /** The local endpoint, when this command hosts it (none was running on the home). */
  readonly inProcess?: LocalEndpoint;
  /** What failed, said so that the user knows what to do (a CliError to throw). */
  explain(error: unknown): CliError;
  close(): Promise<void>;
}

/** Refuses a --region or --endpoint that cannot name a connection, as a usage error. */
export function checkConnectionValues(values: ConnectionValues): void {
  if (values.region !== undefined && !REGION_PATTERN.test(values.region))
    throw new CliError(
      `--region "${values.region}" is not a region name (for example eu-west-1)`,
      2,
    );
  if (values.endpoint !== undefined && !/^https?:\/\/\S+$/.test(values.endpoint))
    throw new CliError(
      `--endpoint must be an http:// or https:// URL, not "${values.endpoint}"`,
      2,
    );
}

export async function openConnection(values: ConnectionValues): Promise<OpenConnection> {
  checkConnectionValues(values);
  const remote = values.profile !== undefined || values.endpoint !== undefined;
  const local = remote ? undefined : await connectLocal(values.home, values.region);
  const region =
    values.region ?? (remote ? await profileRegion(values.profile) : local!.target.region);
  // A profile's own endpoint settings (endpoint_url, a services section, AWS_ENDPOINT_URL…) apply to it.
  const configured =
    values.profile !== undefined && values.endpoint === undefined
      ? await profileEndpoints(values.profile)
      : {};
  const kind = remote ? (values.endpoint ? 'endpoint' : 'profile') : 'local';
  const target: ConnectionTarget = local?.target ?? {
    id: connectionIdOf(values),
    kind: targetKindOf(kind, configured.lambda),
    region,
    ...(values.endpoint ? { endpoint: values.endpoint } : {}),
    ...(values.profile ? { profile: values.profile } : {}),
    ...(Object.keys(configured).length > 0 ? { configuredEndpoints: configured } : {}),
    // Real AWS accounts share Lambda's control-plane budget; other endpoints have none.
    ...(values.endpoint || configured.lambda
      ? {}
      : { pacing: connectionIdOf({ profile: values.profile ?? 'default' }) }),
  };
  const label =
    values.endpoint ??
    (values.profile
      ? `profile ${values.profile}${configured.lambda ? ` (${configured.lambda})` : ''}`
      : 'Local');
  return {
    target,
    label,
    kind,
    ...(local?.inProcess ? { inProcess: local.inProcess } : {}),
    explain(error) {
      const problem = describeConnectionError(
        error,
        {
          kind,
          label,
          ...(values.profile ? { profile: values.profile } : {}),
          ...(values.endpoint ? { endpoint: values.endpoint } : {}),
        },
        region,
      );
      const fix =
        problem.action.kind === 'ssoLogin' || problem.action.kind === 'configure'
          ? `\nRun: ${problem.action.command}`
          : '';
      return new CliError(`${problem.message}${fix}`);
    },
    close: async () => local?.close(),
  };
}

async function profileRegion(profile: string | undefined): Promise<string> {
  const found = (await listProfiles()).find((p) => p.name === (profile ?? 'default'));
  return found?.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
}
