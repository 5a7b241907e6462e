import { SecretEnvVar } from '../core/secret-reference';

/**
 * Files mounted read-only from a ConfigMap.
 */
export interface MountedConfigFiles {
  /** The ConfigMap holding the files. */
  readonly configMapName: string;
  /** The directory the files appear in. */
  readonly mountPath: string;
}

/**
 * What a configuration source contributes to a pod.
 */
export interface PodConfigBinding {
  /**
   * A ConfigMap whose keys become environment variables (`envFrom`).
   * @default - none
   */
  readonly envFromConfigMap?: string;
  /**
   * The variable names that ConfigMap provides, so a pod can refuse to set one twice.
   * @default - none
   */
  readonly envFromKeys?: string[];
  /**
   * Variables read from Secret keys; `env` entries win over `envFrom`, so a Secret beats the
   * ConfigMap for the same name.
   * @default - none
   */
  readonly secretEnv?: SecretEnvVar[];
  /**
   * Files mounted read-only.
   * @default - none
   */
  readonly files?: MountedConfigFiles;
}

/**
 * A source of configuration a pod blueprint can consume (ConfigLayers implements it).
 */
export interface IPodConfiguration {
  /** What this source adds to the pod. */
  bindToPod(): PodConfigBinding;
}
