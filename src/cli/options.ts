/** One option read from the command line: its key, its value, and the index of its last argument. */
export interface ReadOption {
  /** The key, without dashes. */
  readonly key: string;
  /** The value, from `--key=value` or the next argument. */
  readonly value: string;
  /** The index of the last argument the option used. */
  readonly last: number;
}

/**
 * Reads the option at `argv[i]` (`--key=value`, or `--key value`), with the value checks every
 * command shares: a value must be there, must not be another option (`looksLikeOption`), and
 * must not be empty. Returns the usage error otherwise. `known` lists the keys that take a value.
 */
export function readOption(
  argv: readonly string[],
  i: number,
  known: readonly string[],
  looksLikeOption: (value: string) => boolean,
): ReadOption | string {
  const arg = argv[i];
  const equals = arg.indexOf('=');
  const key = (equals < 0 ? arg : arg.slice(0, equals)).replace(/^--?/, '');
  if (!known.includes(key)) return `unknown option ${equals < 0 ? arg : arg.slice(0, equals)}`;
  const value = equals < 0 ? argv[i + 1] : arg.slice(equals + 1);
  if (value === undefined || looksLikeOption(value)) return `--${key} needs a value`;
  if (value.trim() === '') return `--${key} needs a value, not an empty one`;
  return { key, value, last: equals < 0 ? i + 1 : i };
}
