/**
 * Where the local endpoint keeps its functions, code, logs and credentials unless told otherwise:
 * $LAMBDA_LENS_HOME, else the XDG data folder. The CLI and the extension share it, so a function
 * deployed from one is seen by the other.
 */
export function defaultLocalHome(env: Readonly<Record<string, string | undefined>>, userHome: string): string {
  if (env.LAMBDA_LENS_HOME) return env.LAMBDA_LENS_HOME;
  const dataHome = env.XDG_DATA_HOME || `${userHome}/.local/share`;
  return `${dataHome}/lambda-lens/local`;
}

/**
 * Where the endpoint unzips a code version to run it (its functions' LAMBDA_TASK_ROOT): the home's
 * runtime-cache, one folder per CodeSha256. The extension maps a debugger's paths from it back to
 * the workspace.
 */
export function unzippedCodeFolder(home: string, codeSha256Base64: string): string {
  return `${home}/runtime-cache/${Buffer.from(codeSha256Base64, 'base64').toString('hex')}`;
}
