/** Where the command writes (and, for `check -`, what it reads). */
export interface CliIo {
  /** Standard output. */
  out(line: string): void;
  /** Standard error. */
  err(line: string): void;
  /** Standard input, read whole. */
  stdin?(): string;
}
