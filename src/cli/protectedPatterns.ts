// The `lambdaLens.protectedFunctions` patterns the CLI honours: the current folder's
// .vscode/settings.json (JSON with comments, as VS Code writes it), so that a function the editor
// guards is guarded from the terminal too. A file that cannot be read or parsed guards nothing and
// says so.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type ParseError } from 'jsonc-parser';

export interface ProtectedPatterns {
  readonly patterns: readonly unknown[];
  /** Why the settings could not be read, when a file is there but unusable. */
  readonly problem?: string;
}

export function protectedPatternsIn(folder: string): ProtectedPatterns {
  const file = join(folder, '.vscode', 'settings.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { patterns: [] };
  }
  const errors: ParseError[] = [];
  const settings = parse(text, errors, { allowTrailingComma: true }) as unknown;
  if (errors.length || typeof settings !== 'object' || settings === null)
    return {
      patterns: [],
      problem: `${file} is not valid JSON: its lambdaLens.protectedFunctions was not read`,
    };
  const value = (settings as Record<string, unknown>)['lambdaLens.protectedFunctions'];
  return { patterns: Array.isArray(value) ? value : [] };
}
