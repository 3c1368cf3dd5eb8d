import { DeleteFunctionCommand, type LambdaClient } from '@aws-sdk/client-lambda';

export async function deleteFunction(client: LambdaClient, name: string): Promise<void> {
  await client.send(new DeleteFunctionCommand({ FunctionName: name }));
}
