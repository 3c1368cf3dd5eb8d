// The loopback ports debug environments listen on: one debug environment per port, and only a
// port that is free on 127.0.0.1 (else the runtime's debugger could not listen, or a debugger
// meant for something else would attach to it).
import { createServer } from 'node:net';
import { fail } from '../../core/apiProblem';

/** A port freed by a debug environment that just stopped may take a moment to be free again. */
const FREE_AGAIN_MS = 2_000;
const RETRY_MS = 50;

export class DebugPorts {
  private readonly reserved = new Set<number>();

  /** Reserves the port for one debug environment; the returned function gives it back. */
  async reserve(port: number): Promise<() => void> {
    if (this.reserved.has(port))
      fail('InvalidParameterValueException', inUse(port, 'another debug invocation uses it'));
    this.reserved.add(port);
    try {
      const until = Date.now() + FREE_AGAIN_MS;
      let why = await bindError(port);
      while (why === 'EADDRINUSE' && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
        why = await bindError(port);
      }
      if (why === 'EADDRINUSE')
        fail('InvalidParameterValueException', inUse(port, 'something else listens there'));
      if (why)
        fail(
          'InvalidParameterValueException',
          `The debug port ${port} cannot be opened on 127.0.0.1 (${why}); choose another.`,
        );
    } catch (error) {
      this.reserved.delete(port);
      throw error;
    }
    return () => this.reserved.delete(port);
  }
}

function inUse(port: number, why: string): string {
  return `The debug port ${port} is in use on 127.0.0.1 (${why}); stop what uses it or choose another port.`;
}

/** Why 127.0.0.1:port cannot be listened on (an error code), or undefined when it can. */
function bindError(port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    probe.listen({ port, host: '127.0.0.1', exclusive: true }, () =>
      probe.close(() => resolve(undefined)),
    );
  });
}
