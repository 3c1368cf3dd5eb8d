// The questions of a first deploy, when neither a SAM template nor .lambda-lens/functions.json
// describes the function: name, runtime and handler (the deploy plan's, offered first), memory and
// timeout. The answers are recorded so the next deploy asks nothing. The execution role is asked
// when creating on AWS needs one (roleChoice.ts), not here.
import {
  DEFAULT_MEMORY_MB,
  DEFAULT_TIMEOUT_S,
  MEMORY_MAX_MB,
  MEMORY_MIN_MB,
  TIMEOUT_MAX_S,
  TIMEOUT_MIN_S,
} from '../core/limits';
import { runtimeChoices } from '../core/runtimes';
import type { FolderGuesses } from '../cloud';
import type { FunctionDefinition } from '../core/deploy/functionDefinition';
import type { WorkspaceFunction } from '../core/deploy/workspaceFunctions';
import { ui } from './ui';

const NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const OTHER_HANDLER = 'Other…';

export interface DeployDestination {
  /** "Local · us-east-1", "profile dev · eu-west-1": said in every question's title. */
  readonly where: string;
  /** The local endpoint (runs some runtimes only) rather than AWS or another endpoint. */
  readonly local: boolean;
}

/** `planned`: the new function as the deploy plan makes it; undefined when the user cancelled a question. */
export async function askFirstDeploy(
  planned: FunctionDefinition,
  guesses: FolderGuesses,
  destination: DeployDestination,
): Promise<WorkspaceFunction | undefined> {
  const title = (step: number) => `Deploy to ${destination.where} (${step}/5)`;
  const name = await ui.input({
    title: title(1),
    prompt: 'Function name',
    value: planned.name,
    validateInput: (v) =>
      NAME.test(v) ? undefined : 'Letters, digits, hyphens and underscores, at most 64 characters',
  });
  if (!name) return undefined;
  const runtimes = runtimeChoices(planned.runtime ?? guesses.runtime?.runtime, destination.local);
  const runtimeLabel = await ui.pick(
    runtimes.map((r) => r.label),
    {
      title: title(2),
      placeHolder: guesses.runtime ? `Runtime (detected: ${guesses.runtime.reason})` : 'Runtime',
    },
  );
  const runtime = runtimes.find((r) => r.label === runtimeLabel)?.runtime;
  if (!runtime) return undefined;
  const handlers = [
    ...new Set([...(planned.handler ? [planned.handler] : []), ...guesses.handlers]),
  ];
  let handler = await ui.pick([...handlers, OTHER_HANDLER], {
    title: title(3),
    placeHolder: 'Handler (file.function)',
  });
  if (handler === OTHER_HANDLER) {
    handler = await ui.input({
      title: title(3),
      prompt: 'Handler, for example src/app.handler',
      validateInput: (v) =>
        /^[^\s]+\.[^\s.]+$/.test(v) ? undefined : 'file.function, for example index.handler',
    });
  }
  if (!handler) return undefined;
  const memory = await askNumber(
    title(4),
    'Memory (MB)',
    DEFAULT_MEMORY_MB,
    MEMORY_MIN_MB,
    MEMORY_MAX_MB,
  );
  if (memory === undefined) return undefined;
  const timeout = await askNumber(
    title(5),
    'Timeout (seconds)',
    DEFAULT_TIMEOUT_S,
    TIMEOUT_MIN_S,
    TIMEOUT_MAX_S,
  );
  if (timeout === undefined) return undefined;
  return { name, folder: planned.folder, runtime, handler, memory, timeout };
}

async function askNumber(
  title: string,
  prompt: string,
  value: number,
  min: number,
  max: number,
): Promise<number | undefined> {
  const text = await ui.input({
    title,
    prompt,
    value: String(value),
    validateInput: (v) =>
      /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max
        ? undefined
        : `A whole number from ${min} to ${max}`,
  });
  return text === undefined ? undefined : Number(text);
}
