import { LambdaClient } from '@aws-sdk/client-lambda';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

/** A Lambda-compatible endpoint reached with explicit credentials (the local endpoint, LocalStack, …). */
export interface EndpointConnection {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
}

/** How to reach one connection in one region: a profile (any kind the SDK knows: keys, SSO, process, …), an endpoint, or both. */
export interface ConnectionTarget {
  readonly id: string;
  readonly region: string;
  readonly endpoint?: string;
  readonly profile?: string;
  readonly credentials?: AwsCredentialIdentity;
}

function credentialsOf(target: ConnectionTarget): AwsCredentialIdentity | AwsCredentialIdentityProvider {
  // The SDK's own chain for a profile: static keys, SSO, credential_process, web identity, env.
  return target.credentials ?? fromNodeProviderChain(target.profile ? { profile: target.profile } : {});
}

const lambdaClients = new Map<string, LambdaClient>();
const logsClients = new Map<string, CloudWatchLogsClient>();

function cacheKey(target: ConnectionTarget): string {
  return `${target.id}|${target.region}|${target.endpoint ?? ''}|${target.credentials?.accessKeyId ?? ''}`;
}

/** Clients are created on first use and reused; adaptive retry backs off when Lambda throttles. */
export function lambdaClientFor(target: ConnectionTarget): LambdaClient {
  const key = cacheKey(target);
  let client = lambdaClients.get(key);
  if (!client) {
    client = new LambdaClient({ region: target.region, credentials: credentialsOf(target), retryMode: 'adaptive', maxAttempts: 4, ...(target.endpoint ? { endpoint: target.endpoint } : {}) });
    lambdaClients.set(key, client);
  }
  return client;
}

export function logsClientFor(target: ConnectionTarget): CloudWatchLogsClient {
  const key = cacheKey(target);
  let client = logsClients.get(key);
  if (!client) {
    client = new CloudWatchLogsClient({ region: target.region, credentials: credentialsOf(target), retryMode: 'adaptive', maxAttempts: 4, ...(target.endpoint ? { endpoint: target.endpoint } : {}) });
    logsClients.set(key, client);
  }
  return client;
}

/** Drops cached clients of a connection (after a profile change or a restart of the local endpoint). */
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
  return new LambdaClient({ endpoint: connection.endpoint, region: connection.region, credentials: connection.credentials, retryMode: 'adaptive' });
}

export function createLogsClient(connection: EndpointConnection): CloudWatchLogsClient {
  return new CloudWatchLogsClient({ endpoint: connection.endpoint, region: connection.region, credentials: connection.credentials, retryMode: 'adaptive' });
}
