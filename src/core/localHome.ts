/**
 * Where the local endpoint keeps its functions, code, logs and credentials unless told otherwise:
 * $LAMBDA_LENS_HOME, else the XDG data folder. The CLI and the extension share it, so a function
 * deployed from one is seen by the other.
 */
export function defaultLocalHome(
  env: Readonly<Record<string, string | undefined>>,
  userHome: string,
): string {
  if (env.LAMBDA_LENS_HOME) return env.LAMBDA_LENS_HOME;
  const dataHome = env.XDG_DATA_HOME || `${userHome}/.local/share`;
  return `${dataHome}/lambda-lens/local`;
}

/** The home's folder of unzipped code versions. */
export const RUNTIME_CACHE_FOLDER = 'runtime-cache';

/** The folder name of one unzipped code version in RUNTIME_CACHE_FOLDER: its CodeSha256 in hex. */
export function unzippedCodeFolderName(codeSha256Base64: string): string {
  return Buffer.from(codeSha256Base64, 'base64').toString('hex');
}

/**
 * Where the endpoint unzips a code version to run it (its functions' LAMBDA_TASK_ROOT). The
 * extension maps a debugger's paths from there back to the workspace.
 */
export function unzippedCodeFolder(home: string, codeSha256Base64: string): string {
  return `${home}/${RUNTIME_CACHE_FOLDER}/${unzippedCodeFolderName(codeSha256Base64)}`;
}
