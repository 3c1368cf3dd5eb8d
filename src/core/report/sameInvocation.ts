// Whether two REPORTs with one request id report on one invocation. Lambda writes its REPORT after
// the END, when the invocation is over; a REPORT the function printed with its request id was
// printed while it ran. Lambda retries a failed asynchronous event with the same request id a
// minute or more after the attempt ended, so a retry's REPORT is further apart, and counts too.

/** For the clocks of log delivery: a line is timed when CloudWatch receives it, not when it was written. */
export const SAME_INVOCATION_SLACK_MS = 2000;

/**
 * Whether a REPORT logged at `earlierAt` was written during the invocation reported at `laterAt`,
 * which ran `ranMs` (Duration, plus Init and Restore Duration); true without times (NaN), when
 * nothing tells two invocations apart.
 */
export function sameInvocation(earlierAt: number, laterAt: number, ranMs: number): boolean {
  return !(laterAt - earlierAt > ranMs + SAME_INVOCATION_SLACK_MS);
}
