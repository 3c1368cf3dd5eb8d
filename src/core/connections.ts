// The connections the Functions tree shows at its top level, and the regions under each. Pure:
// the extension reads settings and the cloud layer reads the AWS config files; this decides what
// the user sees and in which order.
import {
  ENVIRONMENT_CONNECTION_ID,
  LOCAL_CONNECTION_ID,
  endpointConnectionId,
  profileConnectionId,
} from './connectionIds';

export {
  ENVIRONMENT_CONNECTION_ID,
  LOCAL_CONNECTION_ID,
  endpointConnectionId,
  profileConnectionId,
} from './connectionIds';

export type ConnectionKind = 'local' | 'profile' | 'endpoint';

/**
 * What the cloud layer needs to know of a connection's endpoint: the local endpoint, AWS itself,
 * or another endpoint (a custom one, or a profile whose own settings point Lambda elsewhere:
 * LocalStack, moto). Only AWS needs a real execution role and paces its control plane.
 */
export type TargetKind = 'local' | 'aws' | 'endpoint';

export function targetKindOf(kind: ConnectionKind, configuredLambdaEndpoint?: string): TargetKind {
  if (kind === 'local') return 'local';
  return kind === 'endpoint' || configuredLambdaEndpoint ? 'endpoint' : 'aws';
}

export interface ConnectionDescriptor {
  /** Stable id, used for tree item ids, settings keys and cached clients. */
  readonly id: string;
  readonly kind: ConnectionKind;
  readonly label: string;
  readonly description: string;
  readonly tooltip: string;
  /** Regions to list, in order: the connection's own region first, then those the user added. */
  readonly regions: readonly string[];
  /** For profiles and custom endpoints: the profile whose credentials sign requests. */
  readonly profile?: string;
  /** For custom endpoints: the URL. */
  readonly endpoint?: string;
}

export interface ProfileInfo {
  readonly name: string;
  readonly region?: string;
  /** Signs in through IAM Identity Center (SSO). */
  readonly sso: boolean;
  /** Lambda's endpoint from the profile's own settings (endpoint_url, a services section, AWS_ENDPOINT_URL…). */
  readonly endpoint?: string;
}

export interface CustomEndpoint {
  readonly name: string;
  readonly url: string;
  readonly region: string;
  readonly profile?: string;
}

export interface ConnectionSettings {
  readonly localEnabled: boolean;
  /** The local endpoint's own region. */
  readonly localRegion?: string;
  /** Regions the user added, by connection id. */
  readonly addedRegions?: Readonly<Record<string, readonly string[]>>;
  readonly endpoints?: readonly CustomEndpoint[];
  /** Used when a profile names no region. */
  readonly fallbackRegion?: string;
  /** Credentials in the environment (AWS_ACCESS_KEY_ID …): shown as a connection of their own. */
  readonly environmentCredentials?: { readonly region?: string; readonly endpoint?: string };
}

const DEFAULT_REGION = 'us-east-1';

function withAdded(id: string, own: string, settings: ConnectionSettings): string[] {
  const regions = [own, ...(settings.addedRegions?.[id] ?? [])];
  return [...new Set(regions)];
}

export function describeConnections(
  settings: ConnectionSettings,
  profiles: readonly ProfileInfo[] = [],
): ConnectionDescriptor[] {
  const connections: ConnectionDescriptor[] = [];
  if (settings.localEnabled) {
    connections.push({
      id: LOCAL_CONNECTION_ID,
      kind: 'local',
      label: 'Local',
      description: 'this machine',
      tooltip:
        'The embedded Lambda endpoint: runs functions on this machine, no AWS account needed.',
      regions: withAdded(LOCAL_CONNECTION_ID, settings.localRegion ?? DEFAULT_REGION, settings),
    });
  }
  if (settings.environmentCredentials) {
    const id = ENVIRONMENT_CONNECTION_ID;
    connections.push({
      id,
      kind: 'profile',
      label: 'Environment',
      description: ['AWS_ACCESS_KEY_ID', settings.environmentCredentials.endpoint]
        .filter(Boolean)
        .join(' · '),
      tooltip:
        "The credentials in this editor's environment variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN).",
      regions: withAdded(
        id,
        settings.environmentCredentials.region ?? settings.fallbackRegion ?? DEFAULT_REGION,
        settings,
      ),
    });
  }
  for (const profile of [...profiles].sort((a, b) =>
    a.name === 'default' ? -1 : b.name === 'default' ? 1 : a.name.localeCompare(b.name),
  )) {
    const id = profileConnectionId(profile.name);
    const region = profile.region ?? settings.fallbackRegion ?? DEFAULT_REGION;
    connections.push({
      id,
      kind: 'profile',
      label: profile.name,
      description: [profile.sso ? 'AWS profile · SSO' : 'AWS profile', profile.endpoint]
        .filter(Boolean)
        .join(' · '),
      tooltip: `AWS profile "${profile.name}"${profile.region ? ` (region ${profile.region})` : ''}${profile.sso ? ', signs in with IAM Identity Center' : ''}${profile.endpoint ? `, endpoint ${profile.endpoint} (from its configuration)` : ''}`,
      regions: withAdded(id, region, settings),
      profile: profile.name,
    });
  }
  for (const endpoint of settings.endpoints ?? []) {
    const id = endpointConnectionId(endpoint.name);
    connections.push({
      id,
      kind: 'endpoint',
      label: endpoint.name,
      description: endpoint.url,
      tooltip: `Custom endpoint ${endpoint.url} (region ${endpoint.region}${endpoint.profile ? `, profile ${endpoint.profile}` : ''})`,
      regions: withAdded(id, endpoint.region, settings),
      endpoint: endpoint.url,
      ...(endpoint.profile ? { profile: endpoint.profile } : {}),
    });
  }
  return connections;
}

/** Custom endpoints from settings: refuses entries that would fail later, saying which and why. */
export function parseCustomEndpoints(value: unknown): {
  endpoints: CustomEndpoint[];
  problems: string[];
} {
  const endpoints: CustomEndpoint[] = [];
  const problems: string[] = [];
  if (!Array.isArray(value))
    return {
      endpoints,
      problems: value === undefined ? [] : ['lambdaLens.endpoints must be a list'],
    };
  for (const [index, entry] of value.entries()) {
    const e = (entry ?? {}) as Record<string, unknown>;
    const where = `lambdaLens.endpoints[${index}]`;
    if (typeof e.name !== 'string' || !e.name.trim()) {
      problems.push(`${where} needs a "name"`);
      continue;
    }
    if (typeof e.url !== 'string' || !/^https?:\/\/[^\s]+$/.test(e.url)) {
      problems.push(`${where} ("${e.name}") needs a "url" starting with http:// or https://`);
      continue;
    }
    if (typeof e.region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(e.region)) {
      problems.push(`${where} ("${e.name}") needs a "region" such as us-east-1`);
      continue;
    }
    if (endpoints.some((x) => x.name === e.name)) {
      problems.push(`${where}: the name "${e.name}" is used twice`);
      continue;
    }
    endpoints.push({
      name: e.name.trim(),
      url: e.url.replace(/\/+$/, ''),
      region: e.region,
      ...(typeof e.profile === 'string' && e.profile ? { profile: e.profile } : {}),
    });
  }
  return { endpoints, problems };
}
