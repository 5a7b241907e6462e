/**
 * A value taken from a key of an existing Secret.
 */
export interface SecretEnvVar {
  /** The environment variable name. */
  readonly name: string;
  /** The Secret's name. */
  readonly secretName: string;
  /** The key within the Secret. */
  readonly key: string;
}
