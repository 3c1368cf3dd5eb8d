// One size made invocable without moving live traffic: $LATEST gets the size, is published as a
// version behind a temporary alias (lambda-lens-tune-<size>), and gets its own size back at once —
// Power Tuning's way. $LATEST runs at the test size only between the update and the publish
// (seconds on AWS); aliases and versions users have stay untouched. Publishing names the exact
// revision this run made (RevisionId), so a change by someone else in between is not published.
import {
  CreateAliasCommand,
  GetAliasCommand,
  PublishVersionCommand,
  ResourceConflictException,
  UpdateAliasCommand,
  UpdateFunctionConfigurationCommand,
  type FunctionConfiguration,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { TUNE_DESCRIPTION, tuneAliasName } from '../../core/tune/tunePlan';
import { sendWhenSettled, waitUntilUpdated } from './functionUpdates';
import type { TuneLedger } from './tuneLedger';

/** Publishes `memoryMB` behind its temporary alias; returns the alias. Everything made is in the ledger. */
export async function publishSize(
  client: LambdaClient,
  ledger: TuneLedger,
  memoryMB: number,
  signal?: AbortSignal,
): Promise<string> {
  const name = ledger.functionName;
  let revision = (await waitUntilUpdated(client, name, signal)).RevisionId;
  if (memoryMB !== ledger.originalMemoryMB) {
    // Marked before sending: if the answer is lost, the restore still checks and puts it back.
    ledger.memoryChangedTo = memoryMB;
    await sendWhenSettled(
      client,
      name,
      new UpdateFunctionConfigurationCommand({
        FunctionName: name,
        MemorySize: memoryMB,
        ...(revision ? { RevisionId: revision } : {}),
      }),
      signal,
    );
    revision = (await waitUntilUpdated(client, name, signal)).RevisionId;
  }
  signal?.throwIfAborted();
  let published: FunctionConfiguration;
  try {
    // No signal from here to the alias: a call cut off mid-flight may still be carried out, unseen.
    ledger.unanswered += 1;
    published = await sendWhenSettled(
      client,
      name,
      new PublishVersionCommand({
        FunctionName: name,
        Description: TUNE_DESCRIPTION,
        ...(revision ? { RevisionId: revision } : {}),
      }),
    );
  } finally {
    // Live traffic on $LATEST gets its own size back now, whether the publish worked or not.
    await ledger.restoreMemory(client, signal);
  }
  const version = published.Version;
  if (!version || published.MemorySize !== memoryMB)
    throw new Error(
      `PublishVersion of ${name} answered version ${version ?? '?'} at ${published.MemorySize ?? '?'} MB, not ${memoryMB} MB`,
    );
  // Lambda returns an existing version when nothing changed since it was published: that one is the user's, not ours to delete.
  if (published.Description === TUNE_DESCRIPTION && !ledger.versions.includes(version))
    ledger.versions.push(version);
  const alias = tuneAliasName(memoryMB);
  ledger.aliasesTried.add(alias);
  try {
    await client.send(
      new CreateAliasCommand({
        FunctionName: name,
        Name: alias,
        FunctionVersion: version,
        Description: TUNE_DESCRIPTION,
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceConflictException)) throw error;
    // A leftover of an earlier run that was killed: reuse it; anything else of that name is the user's.
    const existing = await client.send(new GetAliasCommand({ FunctionName: name, Name: alias }));
    if (existing.Description !== TUNE_DESCRIPTION)
      throw new Error(
        `${name} has an alias named ${alias} that this tool did not make; rename it, or leave ${memoryMB} MB out of --memory`,
      );
    await client.send(
      new UpdateAliasCommand({
        FunctionName: name,
        Name: alias,
        FunctionVersion: version,
        ...(existing.RevisionId ? { RevisionId: existing.RevisionId } : {}),
      }),
    );
  }
  ledger.aliases.push(alias);
  ledger.unanswered -= 1;
  signal?.throwIfAborted();
  return alias;
}
