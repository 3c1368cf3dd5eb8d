// Apply: set the size a tuning run measured on $LATEST, as the user chose it, and wait until the
// update has settled so that the next invoke runs at it.
import { UpdateFunctionConfigurationCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { sendWhenSettled, waitUntilUpdated } from './functionUpdates';

export async function applyMemorySize(
  client: LambdaClient,
  functionName: string,
  memoryMB: number,
): Promise<{ from: number; to: number }> {
  const before = await waitUntilUpdated(client, functionName);
  // RevisionId: over the configuration just read, never over a change made in between.
  await sendWhenSettled(
    client,
    functionName,
    new UpdateFunctionConfigurationCommand({
      FunctionName: functionName,
      MemorySize: memoryMB,
      ...(before.RevisionId ? { RevisionId: before.RevisionId } : {}),
    }),
  );
  const after = await waitUntilUpdated(client, functionName);
  return { from: before.MemorySize ?? 128, to: after.MemorySize ?? memoryMB };
}
