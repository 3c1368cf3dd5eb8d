import { LambdaClient } from '@aws-sdk/client-lambda';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { IAMClient } from '@aws-sdk/client-iam';
import { loadIamSdk } from './iamSdk';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { CONTROL_PLANE_REQUESTS_PER_SECOND } from '../core/limits';
import { TokenBucket } from '../core/tokenBucket';
import type { ConfiguredEndpoints, EndpointService } from '../core/configuredEndpoint';
import type { TargetKind } from '../core/connections';

/** A Lambda-compatible endpoint reached with explicit credentials (the local endpoint, LocalStack, …). */
export interface EndpointConnection {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken?: string;
  };
}

/** How to reach one connection in one region: a profile (any kind the SDK knows: keys, SSO, process, …), an endpoint, or both. */
export interface ConnectionTarget {
  /** The connection's id (core/connectionIds.ts): names its cached clients. */
  readonly id: string;
  /** The local endpoint, AWS, or another endpoint: what the cloud layer decides by (never by the id). */
  readonly kind: TargetKind;
  readonly region: string;
  readonly endpoint?: string;
  readonly profile?: string;
  readonly credentials?: AwsCredentialIdentity;
  /** A profile's or the environment's own endpoint settings (AWS_ENDPOINT_URL, endpoint_url, …), by service. */
  readonly configuredEndpoints?: ConfiguredEndpoints;
  /** Pace control-plane calls to Lambda's 15 requests/s (real AWS accounts; the key names the account). */
  readonly pacing?: string;
}

/** An explicit endpoint (local, custom) first, else the connection's configured one for this service. */
function endpointOf(
  target: ConnectionTarget,
  service: EndpointService,
): { endpoint: string } | Record<string, never> {
  const endpoint = target.endpoint ?? target.configuredEndpoints?.[service];
  return endpoint ? { endpoint } : {};
}

function credentialsOf(
  target: ConnectionTarget,
): AwsCredentialIdentity | AwsCredentialIdentityProvider {
  // The SDK's own chain for a profile: static keys, SSO, credential_process, web identity, env.
  // Each new client reads the files as they are now: the editor lists profiles through a copy of
  // the loader in a bundle of its own, so a profile added and shown after a Refresh would otherwise
  // meet this bundle's older copy of the files ("No credentials").
  return (
    target.credentials ??
    fromNodeProviderChain({
      ...(target.profile ? { profile: target.profile } : {}),
      ignoreCache: true,
    })
  );
}

const lambdaClients = new Map<string, LambdaClient>();
const logsClients = new Map<string, CloudWatchLogsClient>();

// Every credential field, not the access key id alone: a secret or session token renewed under the
// same key id (a restarted endpoint, refreshed temporary keys) must not meet a client that signs
// with the old one. The key lives only in this process's memory.
function cacheKey(target: ConnectionTarget): string {
  const c = target.credentials;
  return `${target.id}|${target.region}|${target.endpoint ?? ''}|${JSON.stringify(target.configuredEndpoints ?? {})}|${c ? JSON.stringify([c.accessKeyId, c.secretAccessKey, c.sessionToken ?? '']) : ''}`;
}

// One budget per AWS account (profile) and region, shared by every client and view that uses it.
const budgets = new Map<string, TokenBucket>();

/**
 * Keeps a client's control-plane calls within Lambda's 15 requests/s per account and region, so
 * listing many regions at once paces itself instead of being throttled. Invoke has limits of
 * its own and is not paced.
 */
function paceControlPlane(client: LambdaClient, budgetKey: string): void {
  let bucket = budgets.get(budgetKey);
  if (!bucket)
    budgets.set(
      budgetKey,
      (bucket = new TokenBucket(
        CONTROL_PLANE_REQUESTS_PER_SECOND,
        CONTROL_PLANE_REQUESTS_PER_SECOND,
      )),
    );
  const shared = bucket;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'InvokeCommand') {
        const wait = shared.reserve();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      return next(args);
    },
    { step: 'finalizeRequest', name: 'lambdaLensControlPlanePace' },
  );
}

/** Clients are created on first use and reused; adaptive retry backs off when Lambda throttles. */
export function lambdaClientFor(target: ConnectionTarget): LambdaClient {
  const key = cacheKey(target);
  let client = lambdaClients.get(key);
  if (!client) {
    client = new LambdaClient({
      region: target.region,
      credentials: credentialsOf(target),
      retryMode: 'adaptive',
      maxAttempts: 4,
      ...endpointOf(target, 'lambda'),
    });
    if (target.pacing) paceControlPlane(client, `${target.pacing}|${target.region}`);
    lambdaClients.set(key, client);
  }
  return client;
}

/**
 * A client of its own that sends each request once, for a caller to destroy: for an Invoke that
 * must not be repeated (a debug invocation: a retry would start a second debug session).
 */
export function singleAttemptLambdaClient(target: ConnectionTarget): LambdaClient {
  return new LambdaClient({
    region: target.region,
    credentials: credentialsOf(target),
    maxAttempts: 1,
    ...endpointOf(target, 'lambda'),
  });
}

/**
 * StartLiveTail goes to a `stream-` host prefix (stream-logs.REGION.amazonaws.com); against an
 * endpoint of one's own (`http://127.0.0.1:PORT`) that prefix would name no host, so the SDK is
 * told not to add it.
 */
const NO_HOST_PREFIX = { disableHostPrefix: true } as const;

export function logsClientFor(target: ConnectionTarget): CloudWatchLogsClient {
  const key = cacheKey(target);
  let client = logsClients.get(key);
  if (!client) {
    // An endpoint of our own (or a LocalStack) serves Live Tail at its own host, not at `stream-` + it.
    const endpoint = endpointOf(target, 'cloudwatch_logs');
    client = new CloudWatchLogsClient({
      region: target.region,
      credentials: credentialsOf(target),
      retryMode: 'adaptive',
      maxAttempts: 4,
      ...endpoint,
      ...('endpoint' in endpoint ? NO_HOST_PREFIX : {}),
    });
    logsClients.set(key, client);
  }
  return client;
}

/**
 * An IAM client for the connection (IAM is global: the endpoint, when there is one, serves it too,
 * as moto and LocalStack do). The IAM SDK is loaded on this first need, not with the cloud layer.
 */
export function iamClientFor(target: ConnectionTarget): IAMClient {
  const { IAMClient } = loadIamSdk();
  return new IAMClient({
    region: target.region,
    credentials: credentialsOf(target),
    maxAttempts: 4,
    ...endpointOf(target, 'iam'),
  });
}

/**
 * Drops cached clients of a connection. A restarted endpoint or renewed keys need no call (the
 * credentials are in the cache key); the clients of superseded credentials stay until this.
 */
export function forgetClients(connectionId: string): void {
  for (const cache of [lambdaClients, logsClients] as Map<string, { destroy(): void }>[]) {
    for (const [key, client] of cache) {
      if (key.startsWith(`${connectionId}|`)) {
        client.destroy();
        cache.delete(key);
      }
    }
  }
}

export function createLambdaClient(connection: EndpointConnection): LambdaClient {
  return new LambdaClient({
    endpoint: connection.endpoint,
    region: connection.region,
    credentials: connection.credentials,
    retryMode: 'adaptive',
  });
}

export function createLogsClient(connection: EndpointConnection): CloudWatchLogsClient {
  return new CloudWatchLogsClient({
    endpoint: connection.endpoint,
    region: connection.region,
    credentials: connection.credentials,
    retryMode: 'adaptive',
    ...NO_HOST_PREFIX,
  });
}
