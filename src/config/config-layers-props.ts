import { SecretSource } from './secret-source';

/**
 * Opt-in to reading the synthesizing machine's environment. This is the one input that makes
 * synth depend on the machine it runs on: keep the allowlist short and set the values in CI.
 */
export interface ProcessEnvOptions {
  /**
   * Variables read when set.
   * @default - none by name
   */
  readonly allow?: string[];
  /**
   * Variables whose names start with this prefix are read.
   * @default - none by prefix
   */
  readonly prefix?: string;
}

/**
 * A structured file mounted read-only into the pods (seed 004's config.yaml).
 */
export interface ConfigFile {
  /** The file name within the mount directory. */
  readonly fileName: string;
  /** The file's content. */
  readonly content: string;
}

/**
 * Props of ConfigLayers.
 */
export interface ConfigLayersProps {
  /** Base name of the ConfigMap; the rendered name is `<name>-<content hash>`. */
  readonly name: string;
  /** The directory holding `.env`, `.env.local`, `.env.<environment>`, `.env.<environment>.local`. */
  readonly directory: string;
  /** The environment whose files are read (`.env.<environment>`). */
  readonly environment: string;
  /**
   * Code defaults: the lowest layer, below every file.
   * @default - none
   */
  readonly defaults?: { [key: string]: string };
  /**
   * The machine's environment, above the files (explicit opt-in).
   * @default - the machine's environment is not read
   */
  readonly processEnv?: ProcessEnvOptions;
  /**
   * Code overrides: the highest layer.
   * @default - none
   */
  readonly overrides?: { [key: string]: string };
  /**
   * Keys that are sensitive whatever their name (flattened names).
   * @default - detection by name and value only
   */
  readonly sensitiveKeys?: string[];
  /**
   * Keys that are not sensitive although their name looks so (flattened names).
   * @default - detection by name and value only
   */
  readonly notSensitiveKeys?: string[];
  /**
   * Where sensitive values come from.
   * @default SecretSource.existingSecret('<name>-secrets')
   */
  readonly secrets?: SecretSource;
  /**
   * Key names inside the Secret, by variable name (seed 004 stores JWT_SECRET as `jwt-secret`).
   * @default - each variable's own name
   */
  readonly secretKeys?: { [variable: string]: string };
  /**
   * Structured files mounted read-only into the pods, from their own hashed ConfigMap.
   * @default - none
   */
  readonly files?: ConfigFile[];
  /**
   * Where the files are mounted.
   * @default '/etc/<name>'
   */
  readonly filesMountPath?: string;
}

/**
 * One resolved configuration key.
 */
export interface ConfigEntry {
  /** The flattened key (`PROXY_TIMEOUT_READ`). */
  readonly key: string;
  /** The key as written (`PROXY__TIMEOUT__READ`). */
  readonly originalKey: string;
  /** The layer the value came from (`defaults`, `.env`, `.env.production`, `process.env`, `overrides`). */
  readonly layer: string;
  /** File and line, or the layer for code and process layers. */
  readonly source: string;
  /** Whether the value is sensitive; its value is then never rendered. */
  readonly sensitive: boolean;
}
