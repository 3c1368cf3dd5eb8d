// What the cost and cold-start models need to know about a deployed function, from its configuration.
import {
  GetFunctionConfigurationCommand,
  type FunctionConfiguration,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import type { FunctionFacts } from '../core/cost/functionEstimate';

export function factsOf(config: FunctionConfiguration): FunctionFacts {
  return {
    runtime: config.Runtime ?? '',
    architecture: config.Architectures?.[0] === 'arm64' ? 'arm64' : 'x86_64',
    memoryMB: config.MemorySize ?? 128,
    packageType: config.PackageType === 'Image' ? 'Image' : 'Zip',
    ...(config.CodeSize !== undefined
      ? {
          packageBytes:
            config.CodeSize + (config.Layers ?? []).reduce((n, l) => n + (l.CodeSize ?? 0), 0),
        }
      : {}),
    ...(config.Timeout !== undefined ? { timeoutSeconds: config.Timeout } : {}),
    ...(config.EphemeralStorage?.Size !== undefined
      ? { ephemeralStorageMB: config.EphemeralStorage.Size }
      : {}),
  };
}

export async function functionFacts(
  lambda: LambdaClient,
  name: string,
): Promise<{ facts: FunctionFacts; config: FunctionConfiguration }> {
  const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
  return { facts: factsOf(config), config };
}
