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
  serve: { summary: 'run the local Lambda endpoint', load: async () => (await import('./serve')).serveCommand },
  deploy: { summary: 'deploy a folder to a function (local endpoint, AWS profile or endpoint)', load: async () => (await import('./deploy')).deployCommand },
  functions: { summary: 'list functions (local endpoint, AWS profile or endpoint)', load: async () => (await import('./functions')).functionsCommand },
};
