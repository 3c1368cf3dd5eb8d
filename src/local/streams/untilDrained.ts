// Waiting on a writable that said "no more for now" (write returned false): settled when it takes
// more again, or will take nothing more (closed, failed). Every listener goes when one fires: a
// slow reader makes a long stream wait many times, and listeners left per wait would pile up.

export function untilDrained(stream: NodeJS.EventEmitter): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done).off('close', done).off('error', done);
      resolve();
    };
    stream.on('drain', done).on('close', done).on('error', done);
  });
}
