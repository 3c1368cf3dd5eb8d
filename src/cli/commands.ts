import { functionsCommand } from './functions';
import { serveCommand } from './serve';

export interface CliCommand {
  readonly summary: string;
  run(args: string[]): Promise<number>;
}

/** The commands `lambda-lens` offers; each lives in a file of its own. */
export const COMMANDS: Record<string, CliCommand> = {
  serve: serveCommand,
  functions: functionsCommand,
};
