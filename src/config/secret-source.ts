import { Duration } from 'cdk8s';

/**
 * Where the sensitive values of a ConfigLayers come from.
 */
export enum SecretSourceKind {
  /** A Secret that exists in the cluster already, managed outside this app. */
  EXISTING_SECRET = 'existing-secret',
  /** A Secret the External Secrets Operator creates from a secret store. */
  EXTERNAL_SECRET = 'external-secret',
  /** A Secret rendered from the .env values themselves: development only. */
  INLINE = 'inline',
}

/**
 * Kinds of external-secrets.io stores.
 */
export enum SecretStoreKind {
  /** A namespaced SecretStore. */
  SECRET_STORE = 'SecretStore',
  /** A cluster-wide ClusterSecretStore. */
  CLUSTER_SECRET_STORE = 'ClusterSecretStore',
}

/**
 * Options of an ExternalSecret.
 */
export interface ExternalSecretOptions {
  /** The secret store to read from. */
  readonly storeName: string;
  /**
   * The kind of the store.
   * @default SecretStoreKind.CLUSTER_SECRET_STORE
   */
  readonly storeKind?: SecretStoreKind;
  /** The key (path) in the store; each sensitive variable is a property of it. */
  readonly remoteKey: string;
  /**
   * Name of the Secret the operator creates.
   * @default '<ConfigLayers name>-secrets'
   */
  readonly targetSecretName?: string;
  /**
   * How often the operator refreshes the Secret.
   * @default Duration.hours(1)
   */
  readonly refreshInterval?: Duration;
}

/**
 * Where sensitive values come from. A sensitive value never enters a ConfigMap: pods read it
 * through a `secretKeyRef`, whichever source provides the Secret.
 */
export class SecretSource {
  /**
   * A Secret that already exists (staging and production default). The pods reference one key
   * per sensitive variable; ConfigLayers lists the keys the Secret must hold.
   */
  public static existingSecret(secretName: string): SecretSource {
    return new SecretSource(SecretSourceKind.EXISTING_SECRET, secretName);
  }

  /** An ExternalSecret (external-secrets.io/v1) that fills a Secret from a secret store. */
  public static externalSecret(options: ExternalSecretOptions): SecretSource {
    return new SecretSource(SecretSourceKind.EXTERNAL_SECRET, options.targetSecretName, options);
  }

  /**
   * A Secret rendered from the .env values: only in the `development` environment, and only
   * when asked for. Its data is base64, which is not encryption: use it for throw-away values.
   */
  public static inlineForDevelopment(secretName?: string): SecretSource {
    return new SecretSource(SecretSourceKind.INLINE, secretName);
  }

  private constructor(
    /** The kind of source. */
    public readonly kind: SecretSourceKind,
    /** The Secret's name, when given. */
    public readonly secretName?: string,
    /** ExternalSecret options, for EXTERNAL_SECRET. */
    public readonly external?: ExternalSecretOptions,
  ) {}
}
