// Log group and stream names as Lambda creates them.
export function functionLogGroup(functionName: string): string {
  return `/aws/lambda/${functionName}`;
}

/** One stream per execution environment: "2026/11/28/[$LATEST]0123456789abcdef0123456789abcdef". */
export function environmentLogStream(
  date: Date,
  version: string,
  environmentIdHex: string,
): string {
  const y = date.getUTCFullYear();
  const m = String(date.getUTCMonth() + 1).padStart(2, '0');
  const d = String(date.getUTCDate()).padStart(2, '0');
  return `${y}/${m}/${d}/[${version}]${environmentIdHex}`;
}
