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
