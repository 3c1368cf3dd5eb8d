// What a deploy did and, above all, what is live afterwards, in words a user can act on. A
// failure after an earlier step succeeded must say exactly which parts took effect.

export type DeployStage =
  | 'reading'
  | 'bundling'
  | 'zipping'
  | 'checking'
  | 'creating'
  | 'uploading'
  | 'configuring'
  | 'waiting'
  | 'publishing'
  | 'aliasing'
  | 'done';

/** What the function runs now, as far as this deploy knows. */
export interface LiveState {
  /** The function exists (it did before, or this deploy created it). */
  readonly exists: boolean;
  /** CodeSha256 of the code live on $LATEST. */
  readonly codeSha256?: string;
  /** True when that is the code this deploy built. */
  readonly codeIsNew: boolean;
  /** Settings this deploy changed, and those it meant to change but did not. */
  readonly configured: readonly string[];
  readonly notConfigured: readonly string[];
  readonly version?: string;
  readonly alias?: { readonly name: string; readonly version: string };
}

const shortSha = (sha: string | undefined) => (sha ? sha.slice(0, 12) : 'unknown');

/** "code updated to sha X; configuration NOT updated (memorySize, timeout): <reason>". */
export function describeLive(
  state: LiveState,
  failure?: { stage: DeployStage; reason: string },
): string {
  if (!state.exists)
    return failure
      ? `Nothing is live: the function was not created (${failure.stage}: ${failure.reason}).`
      : 'Nothing is live.';
  const parts: string[] = [];
  parts.push(
    state.codeIsNew
      ? `code updated to sha ${shortSha(state.codeSha256)}`
      : `code unchanged (sha ${shortSha(state.codeSha256)})`,
  );
  if (state.configured.length) parts.push(`configuration updated (${state.configured.join(', ')})`);
  if (state.notConfigured.length)
    parts.push(
      `configuration NOT updated (${state.notConfigured.join(', ')})${failure?.stage === 'configuring' ? `: ${failure.reason}` : ''}`,
    );
  if (state.version) parts.push(`version ${state.version} published`);
  if (state.alias) parts.push(`alias ${state.alias.name} → ${state.alias.version}`);
  if (failure && failure.stage !== 'configuring')
    parts.push(`${failure.stage} failed: ${failure.reason}`);
  return `${parts.join('; ')}.`;
}

/** One progress report: the stage, a line for the user, and sizes where the stage has them. */
export interface DeployProgress {
  readonly stage: DeployStage;
  readonly message: string;
  readonly files?: number;
  readonly bytes?: number;
  readonly totalBytes?: number;
}
