// `lambda-lens`: the command-line companion. Each command is a thin wrapper over core, cloud and
// local; argument parsing is node's own util.parseArgs (no dependency needed for this size).
import { COMMANDS } from './commands';
import { CliError } from './cliError';

const VERSION = process.env.LAMBDA_LENS_VERSION ?? '0.1.0';
// The bundled AWS SDK warns that its *future* releases need Node 22; it says nothing about this
// program, which carries the SDK it was built with, so users are spared the warning.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

function usage(): string {
  const lines = ['Usage: lambda-lens <command> [options]', '', 'Commands:'];
  for (const [name, command] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(10)} ${command.summary}`);
  lines.push('', 'Run `lambda-lens <command> --help` for a command\'s options.');
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`lambda-lens: unknown command "${name}".\n\n${usage()}\n`);
    return 2;
  }
  try {
    return await (await command.load()).run(rest);
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`lambda-lens ${name}: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (error: unknown) => {
      process.stderr.write(`lambda-lens: unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
