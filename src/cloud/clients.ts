import { LambdaClient } from '@aws-sdk/client-lambda';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';

/** A Lambda-compatible endpoint reached with explicit credentials (the local endpoint, LocalStack, …). */
export interface EndpointConnection {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
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
  });
}
