// Where a workspace describes its functions: a SAM template (the first of these names found) and
// the file of first-deploy answers. The names alone, so the editor can look and watch for them
// without loading the parsers (the template's needs a YAML library).
export const TEMPLATE_FILE_NAMES = ['template.yaml', 'template.yml', 'template.json'] as const;
export const WORKSPACE_FUNCTIONS_FILE = '.lambda-lens/functions.json';
export const DEFINITION_FILES: readonly string[] = [
  ...TEMPLATE_FILE_NAMES,
  WORKSPACE_FUNCTIONS_FILE,
];

/** Larger definition files are not read: a template or functions.json is a few kilobytes. */
export const MAX_DEFINITION_FILE_BYTES = 5 * 1024 * 1024;

/**
 * A definition file that is there but is not read (too large, or refused by its parser). The
 * deploy stops: going on with guessed settings would deploy something else than the file says.
 */
export class DefinitionFileError extends Error {
  override readonly name = 'DefinitionFileError';
}
