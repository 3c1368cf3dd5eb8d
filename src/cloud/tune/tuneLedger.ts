// What a tuning run changed on the function, kept as it happens, and the one way to undo it:
// aliases first (a version cannot be deleted while an alias points at it), then the versions,
// then $LATEST's MemorySize — only if it is still the size this run set (RevisionId-checked), so a
// change someone else made meanwhile is never overwritten. Each step that fails is said with the
// command that finishes it by hand; the others still run.
import {
  DeleteAliasCommand,
  DeleteFunctionCommand,
  GetAliasCommand,
  ListAliasesCommand,
  ListVersionsByFunctionCommand,
  PreconditionFailedException,
  ResourceNotFoundException,
  UpdateFunctionConfigurationCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { errorMessage } from '../../core/errorMessage';
import { TUNE_DESCRIPTION } from '../../core/tune/tunePlan';
import type { RestoreReport } from '../../core/tune/tuneOutcome';
import { sendWhenSettled, waitUntilUpdated } from './functionUpdates';

export class TuneLedger {
  readonly aliases: string[] = [];
  readonly versions: string[] = [];
  /** Aliases this run tried to create: one whose answer was lost may exist all the same. */
  readonly aliasesTried = new Set<string>();
  /**
   * PublishVersion and CreateAlias calls sent and not (yet) answered: one that ended without an
   * answer (an error, a cancel mid-flight) may have been carried out all the same.
   */
  unanswered = 0;
  /** Aliases an earlier run left were found: the restore deletes them with this run's. */
  leftovers = false;
  /** The MemorySize this run last set on $LATEST and has not yet put back; undefined when $LATEST is as it was. */
  memoryChangedTo: number | undefined;
  /** Set back to the original at least once (after a size was published). */
  memoryRestoredOnce = false;

  constructor(
    readonly functionName: string,
    readonly originalMemoryMB: number,
  ) {}

  /**
   * Puts $LATEST's MemorySize back when it is still `setTo` (a change by anyone else is left alone).
   * Returns what happened. Used after each publish and at the end.
   */
  async restoreMemory(
    client: LambdaClient,
    signal?: AbortSignal,
  ): Promise<'restored' | 'unchanged' | 'changed-elsewhere'> {
    const setTo = this.memoryChangedTo;
    if (setTo === undefined) return 'unchanged';
    const name = this.functionName;
    for (let attempt = 0; ; attempt++) {
      const current = await waitUntilUpdated(client, name, signal);
      if (current.MemorySize !== setTo) {
        this.memoryChangedTo = undefined;
        return current.MemorySize === this.originalMemoryMB ? 'unchanged' : 'changed-elsewhere';
      }
      try {
        await sendWhenSettled(
          client,
          name,
          new UpdateFunctionConfigurationCommand({
            FunctionName: name,
            MemorySize: this.originalMemoryMB,
            RevisionId: current.RevisionId,
          }),
          signal,
        );
        this.memoryChangedTo = undefined;
        this.memoryRestoredOnce = true;
        return 'restored';
      } catch (error) {
        // Someone changed something else meanwhile: read again, and restore only the memory.
        if (!(error instanceof PreconditionFailedException) || attempt >= 3) throw error;
      }
    }
  }

  /**
   * Aliases and versions an earlier run left (it was killed before its restore): the restore of
   * this run deletes them too. Returns how many aliases were found.
   */
  async noteLeftovers(client: LambdaClient, signal?: AbortSignal): Promise<number> {
    let found = 0;
    let marker: string | undefined;
    do {
      const page = await client.send(
        new ListAliasesCommand({
          FunctionName: this.functionName,
          ...(marker ? { Marker: marker } : {}),
        }),
        signal ? { abortSignal: signal } : {},
      );
      for (const alias of page.Aliases ?? []) {
        if (alias.Name && alias.Description === TUNE_DESCRIPTION) {
          this.aliasesTried.add(alias.Name);
          this.leftovers = true;
          found += 1;
        }
      }
      marker = page.NextMarker;
    } while (marker);
    return found;
  }

  /** What an unanswered call may have made: tried aliases and versions that bear this run's description. */
  private async findUnanswered(client: LambdaClient, problems: string[]): Promise<void> {
    const name = this.functionName;
    try {
      for (const alias of this.aliasesTried) {
        if (this.aliases.includes(alias)) continue;
        try {
          const found = await client.send(new GetAliasCommand({ FunctionName: name, Name: alias }));
          if (found.Description === TUNE_DESCRIPTION) this.aliases.push(alias);
        } catch (error) {
          if (!(error instanceof ResourceNotFoundException)) throw error;
        }
      }
      for (const { version, description } of await allVersions(client, name)) {
        if (description === TUNE_DESCRIPTION && !this.versions.includes(version))
          this.versions.push(version);
      }
    } catch (error) {
      problems.push(
        `could not look for versions and aliases a call without an answer may have made: ${errorMessage(error)}. List them: aws lambda list-versions-by-function --function-name ${name}`,
      );
    }
  }

  /** Undoes everything this run did; never throws (what failed is in the report). Takes no signal: a cancel must not stop it. */
  async restore(client: LambdaClient): Promise<RestoreReport> {
    const name = this.functionName;
    const problems: string[] = [];
    const aliasesDeleted: string[] = [];
    const versionsDeleted: string[] = [];
    // Then the restore looks for what bears this run's description.
    if (this.unanswered > 0 || this.leftovers) await this.findUnanswered(client, problems);
    for (const alias of [...this.aliases]) {
      try {
        await deleteIgnoringMissing(
          client,
          new DeleteAliasCommand({ FunctionName: name, Name: alias }),
        );
        aliasesDeleted.push(alias);
        this.aliases.splice(this.aliases.indexOf(alias), 1);
      } catch (error) {
        problems.push(
          `alias ${alias} is left: ${errorMessage(error)}. Delete it: aws lambda delete-alias --function-name ${name} --name ${alias}`,
        );
      }
    }
    for (const version of [...this.versions]) {
      try {
        await deleteIgnoringMissing(
          client,
          new DeleteFunctionCommand({ FunctionName: name, Qualifier: version }),
        );
        versionsDeleted.push(version);
        this.versions.splice(this.versions.indexOf(version), 1);
      } catch (error) {
        problems.push(
          `version ${version} is left: ${errorMessage(error)}. Delete it: aws lambda delete-function --function-name ${name} --qualifier ${version}`,
        );
      }
    }
    let configuration: RestoreReport['configuration'];
    try {
      const memory = await this.restoreMemory(client);
      configuration = memory === 'unchanged' && this.memoryRestoredOnce ? 'restored' : memory;
      if (memory === 'changed-elsewhere')
        problems.push(
          `MemorySize of ${name} was changed by someone else during the run; it is left as they set it (it was ${this.originalMemoryMB} MB)`,
        );
    } catch (error) {
      configuration = 'failed';
      problems.push(
        `MemorySize of ${name} may still be ${this.memoryChangedTo} MB: ${errorMessage(error)}. Set it back: aws lambda update-function-configuration --function-name ${name} --memory-size ${this.originalMemoryMB}`,
      );
    }
    return {
      memoryMB: this.originalMemoryMB,
      configuration,
      aliasesDeleted,
      versionsDeleted,
      problems,
      complete:
        this.aliases.length === 0 && this.versions.length === 0 && configuration !== 'failed',
    };
  }
}

/** Lists every version of the function (pages of 50). */
async function allVersions(
  client: LambdaClient,
  name: string,
): Promise<{ version: string; description: string }[]> {
  const found: { version: string; description: string }[] = [];
  let marker: string | undefined;
  do {
    const page = await client.send(
      new ListVersionsByFunctionCommand({
        FunctionName: name,
        ...(marker ? { Marker: marker } : {}),
      }),
    );
    for (const v of page.Versions ?? [])
      if (v.Version && v.Version !== '$LATEST')
        found.push({ version: v.Version, description: v.Description ?? '' });
    marker = page.NextMarker;
  } while (marker);
  return found;
}

async function deleteIgnoringMissing(
  client: LambdaClient,
  command: DeleteAliasCommand | DeleteFunctionCommand,
): Promise<void> {
  try {
    await client.send(command as never);
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
}
