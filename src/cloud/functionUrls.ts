// A function's URLs (Function URLs) on any connection: list, create, delete. The same calls work
// against AWS and the local endpoint, whose `FunctionUrl` is a loopback address.
import {
  CreateFunctionUrlConfigCommand,
  DeleteFunctionUrlConfigCommand,
  ListFunctionUrlConfigsCommand,
  type FunctionUrlAuthType,
  type FunctionUrlConfig,
  type LambdaClient,
} from '@aws-sdk/client-lambda';

export type { FunctionUrlConfig };

/** Every URL of the function: the unqualified one and its aliases' (each names its qualifier in its ARN). */
export async function listFunctionUrls(
  client: LambdaClient,
  functionName: string,
): Promise<FunctionUrlConfig[]> {
  const urls: FunctionUrlConfig[] = [];
  let marker: string | undefined;
  do {
    const page = await client.send(
      new ListFunctionUrlConfigsCommand({
        FunctionName: functionName,
        ...(marker ? { Marker: marker } : {}),
      }),
    );
    urls.push(...(page.FunctionUrlConfigs ?? []));
    marker = page.NextMarker;
  } while (marker);
  return urls;
}

export async function createFunctionUrl(
  client: LambdaClient,
  functionName: string,
  authType: FunctionUrlAuthType,
): Promise<string> {
  const created = await client.send(
    new CreateFunctionUrlConfigCommand({ FunctionName: functionName, AuthType: authType }),
  );
  return created.FunctionUrl ?? '';
}

/** `qualifier`: the alias whose URL it is; none for the function's own. */
export async function deleteFunctionUrl(
  client: LambdaClient,
  functionName: string,
  qualifier?: string,
): Promise<void> {
  await client.send(
    new DeleteFunctionUrlConfigCommand({
      FunctionName: functionName,
      ...(qualifier ? { Qualifier: qualifier } : {}),
    }),
  );
}

/** The alias an URL's FunctionArn names (`…:function:name:alias`), undefined for the function's own. */
export function urlQualifier(config: FunctionUrlConfig): string | undefined {
  const parts = (config.FunctionArn ?? '').split(':');
  return parts.length > 7 ? parts[7] : undefined;
}
