import type { ParseArgsConfig } from 'node:util';
import type { Io } from './run';

export type Options = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  readonly values: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;
  readonly positionals: readonly string[];
}

/** One `lz` command: its words, its options and what it does. */
export interface Command {
  /** The words after `lz`, e.g. `validate` or `policy lint`. */
  readonly name: string;
  /** One line for `lz --help`. */
  readonly summary: string;
  /** The synopsis, e.g. `lz synth [--config DIR] [--out DIR] [STACK...]`. */
  readonly usage: string;
  /** The rest of `lz NAME --help`: what it does, each option, exit codes. */
  readonly help: string;
  readonly options: Options;
  /** Whether the command takes positional arguments. @default false */
  readonly positionals?: boolean;
  run(args: ParsedArgs, io: Io): Promise<number>;
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' ? v : undefined;
}

export const CONFIG_OPTION: Options = { config: { type: 'string', default: 'config' } };
