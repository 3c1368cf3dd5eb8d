// When a long-running command (serve, start-api) is asked to stop: SIGINT, SIGTERM, SIGHUP (its
// terminal closed), or, for a parent that started it through a pipe, its stdin closing. Listening
// starts at the call, so a command calls it before it says it is ready: a parent that stops it
// right after would otherwise find the signals' default action (death, with no clean-up).
export function stopRequested(onStdinClose: boolean): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = () => {
      // Stopped by a signal, the pipe is still open: read on, it would keep the process alive.
      if (onStdinClose) process.stdin.destroy();
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    process.once('SIGHUP', stop);
    if (onStdinClose) process.stdin.on('end', stop).on('error', stop).resume();
  });
}
