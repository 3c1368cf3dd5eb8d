export interface CliCommand {
  readonly summary: string;
  run(args: string[]): Promise<number>;
}

interface CommandEntry {
  readonly summary: string;
  /** Loaded on use: `serve` must not pay for the AWS SDK that `functions` needs. */
  readonly load: () => Promise<CliCommand>;
}

/** The commands `lambda-lens` offers; each lives in a file of its own. */
export const COMMANDS: Record<string, CommandEntry> = {
  serve: {
    summary: 'run the local Lambda endpoint',
    load: async () => (await import('./serve')).serveCommand,
  },
  invoke: {
    summary: 'invoke a function with an event (local endpoint, AWS profile or endpoint)',
    load: async () => (await import('./invoke')).invokeCommand,
  },
  events: {
    summary: 'list and generate sample events (offline)',
    load: async () => (await import('./events')).eventsCommand,
  },
  deploy: {
    summary: 'deploy a folder to a function (local endpoint, AWS profile or endpoint)',
    load: async () => (await import('./deploy')).deployCommand,
  },
  'start-api': {
    summary: "serve a SAM template's API routes on loopback, live on every save",
    load: async () => (await import('./startApi')).startApiCommand,
  },
  functions: {
    summary: 'list functions (local endpoint, AWS profile or endpoint)',
    load: async () => (await import('./functions')).functionsCommand,
  },
  estimate: {
    summary: 'monthly cost and cold starts of a function (or a what-if)',
    load: async () => (await import('./estimate')).estimateCommand,
  },
  logs: {
    summary: "print, search and follow a function's logs (local endpoint, AWS profile or endpoint)",
    load: async () => (await import('./logs')).logsCommand,
  },
  tune: {
    summary: 'find the memory size by real invokes, restoring the function afterwards',
    load: async () => (await import('./tune')).tuneCommand,
  },
  report: {
    summary: 'statistics of REPORT lines from a file or stdin',
    load: async () => (await import('./report')).reportCommand,
  },
};
