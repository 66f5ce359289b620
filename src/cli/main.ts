/**
 * The `lz` command line: finds the command named by the first words, parses its options and runs
 * it inside the error boundary.
 */
import { parseArgs } from 'node:util';
import { EXIT, LzError } from '../errors';
import type { Command } from './command';
import { COMMANDS } from './commands';
import { guard, processIo, type Io } from './run';

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'lz: build an AWS multi-account landing zone from reviewed config and policy files',
    '',
    'Usage: lz COMMAND [OPTIONS]   (lz COMMAND --help for its options)',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Exit codes: 0 success, 1 failure, 2 bad input (3 broadening policy change, 4 drift where a command says so).',
  ].join('\n');
}

function commandHelp(c: Command): string {
  return `Usage: ${c.usage}\n\n${c.summary}.\n\n${c.help}`;
}

/** Finds the command whose words start argv, preferring the longest (`policy lint` over `policy`). */
function findCommand(argv: readonly string[]): { command?: Command; rest: string[] } {
  const sorted = [...COMMANDS].sort((a, b) => b.name.split(' ').length - a.name.split(' ').length);
  for (const command of sorted) {
    const words = command.name.split(' ');
    if (words.every((w, i) => argv[i] === w)) return { command, rest: argv.slice(words.length) };
  }
  return { rest: [...argv] };
}

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  return guard(async () => {
    if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
      io.out(overview());
      return argv.length === 0 ? EXIT.badInput : EXIT.ok;
    }
    const { command, rest } = findCommand(argv);
    if (!command) {
      throw LzError.of('command line', `unknown command "${argv.filter((a) => !a.startsWith('-')).slice(0, 2).join(' ')}"`, `run one of: ${COMMANDS.map((c) => c.name).join(', ')} (lz --help)`);
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(commandHelp(command));
      return EXIT.ok;
    }
    let parsed;
    try {
      parsed = parseArgs({ args: rest, options: command.options, allowPositionals: command.positionals ?? false, strict: true });
    } catch (e) {
      const message = (e as Error).message.split('\n')[0].replace(/\. To specify a positional argument.*$/, '');
      throw LzError.of('command line', `lz ${command.name}: ${message}`, `usage: ${command.usage} (lz ${command.name} --help)`);
    }
    return command.run({ values: parsed.values, positionals: parsed.positionals }, io);
  }, io);
}

/** The process entry point of bin/lz.js. */
export function cli(): void {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
