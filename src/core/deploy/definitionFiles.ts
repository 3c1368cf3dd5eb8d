// Where a workspace describes its functions: a SAM template (the first of these names found) and
// the file of first-deploy answers. The names alone, so the editor can look and watch for them
// without loading the parsers (the template's needs a YAML library).
export const TEMPLATE_FILE_NAMES = ['template.yaml', 'template.yml', 'template.json'] as const;
export const WORKSPACE_FUNCTIONS_FILE = '.lambda-lens/functions.json';
export const DEFINITION_FILES: readonly string[] = [...TEMPLATE_FILE_NAMES, WORKSPACE_FUNCTIONS_FILE];
