// The one option parser of every command: node's util.parseArgs, with usage errors said in one
// line (a CliError with exit code 2) instead of parseArgs's TypeError and its stack trace. A
// negative number after an option is its value (`--memory -5`), so that the option's own range
// check can say what is allowed. A boolean option named in `optionalValue` may also be given a
// value inline (`--debug` or `--debug=9229`, never `--debug 9229`): its value is then that string.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './cliError';

type OptionSpecs = NonNullable<ParseArgsConfig['options']>;
type Parsed<O extends OptionSpecs> = ReturnType<
  typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>
>;

/** A value that is itself an option (`--memory --json`): the option was given no value. */
const OPTION_LIKE = /^--?[^\d.]/;

export function parseOptions<O extends OptionSpecs>(
  args: string[],
  options: O,
  { positionals = false, optionalValue = [] as readonly string[] } = {},
): Parsed<O> {
  const parsed = parseArgs({ args, options, strict: false, allowPositionals: true, tokens: true });
  for (const token of parsed.tokens) {
    if (token.kind === 'positional' && !positionals)
      throw new CliError(`unexpected argument "${token.value}"`, 2);
    if (token.kind !== 'option') continue;
    const spec = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
    if (!spec) throw new CliError(`unknown option ${token.rawName}`, 2);
    if (spec.type === 'string' && token.value === undefined)
      throw new CliError(`${token.rawName} needs a value`, 2);
    if (spec.type === 'string' && !token.inlineValue && OPTION_LIKE.test(token.value!))
      throw new CliError(
        `${token.rawName} needs a value (for one that starts with "-", write ${token.rawName}=VALUE)`,
        2,
      );
    if (spec.type === 'boolean' && token.inlineValue && !optionalValue.includes(token.name))
      throw new CliError(`${token.rawName} takes no value`, 2);
  }
  return { values: parsed.values, positionals: parsed.positionals } as Parsed<O>;
}
