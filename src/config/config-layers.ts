import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ConfigEntry, ConfigLayersProps } from './config-layers-props';
import { contentHash } from './content-hash';
import { buildTree, flattenKey } from './hierarchy';
import { layerFiles, REDACTED, ResolvedEntry, resolveLayers } from './layer-resolution';
import { SecretSource, SecretSourceKind, SecretStoreKind } from './secret-source';
import { checkValue } from '../core/checks';
import { dataKeyProblem, dns1123SubdomainProblem } from '../core/k8s-names';
import { secretLines } from '../core/secret-detection';
import { SecretEnvVar } from '../core/secret-reference';
import { fail } from '../core/violation';
import { REQUIRED_SECRET_KEYS_ANNOTATION, SECRET_ANNOTATION } from '../core/well-known-keys';
import type { IExternalSecret } from '../crd/models';
import { typedObject } from '../crd/typed-object';
import { RolloutChecks } from '../policy/rollout-checks';
import { IPodConfiguration, PodConfigBinding } from '../workload/pod-configuration';
import { WorkloadLabels } from '../workload/workload-labels';

/**
 * Layered `.env` configuration for pods: `.env` < `.env.local` < `.env.<environment>` <
 * `.env.<environment>.local`, with code defaults below and the opt-in process environment and
 * code overrides above. `A__B__C` keys are flattened to `A_B_C` and published as a tree under
 * `HIERARCHICAL_CONFIG`. Non-sensitive keys go to an immutable ConfigMap named from a hash of
 * its content (pods roll when, and only when, configuration changes: ZD008); sensitive keys
 * reach pods only as `secretKeyRef`s (Secret beats ConfigMap: `env` wins over `envFrom`).
 */
export class ConfigLayers extends Construct implements IPodConfiguration {
  /** The layer names in precedence order, lowest first, for an environment. */
  public static layerFiles(environment: string): string[] {
    return layerFiles(environment);
  }

  /**
   * Writes each ConfigLayers' redacted snapshot beside the app's manifests, as
   * `<outdir>/<name>.config-snapshot.json`. Call after `app.synth()`.
   */
  public static writeSnapshots(app: App): void {
    for (const layers of app.node.findAll().filter((c): c is ConfigLayers => c instanceof ConfigLayers)) {
      fs.writeFileSync(path.join(app.outdir, `${layers.name}.config-snapshot.json`), layers.redactedSnapshot() + '\n');
    }
  }

  /** Base name. */
  public readonly name: string;
  /** The environment read. */
  public readonly environment: string;
  /** The hashed, immutable ConfigMap pods read as environment. */
  public readonly configMap: ApiObject;
  /** The ConfigMap's name, `<name>-<hash>`. */
  public readonly configMapName: string;
  /** The hashed ConfigMap holding the mounted files, if any. */
  public readonly filesConfigMap?: ApiObject;
  /** The Secret pods read sensitive keys from. */
  public readonly secretName: string;
  /** The keys that Secret must hold. */
  public readonly requiredSecretKeys: string[];
  /** The ExternalSecret, with SecretSource.externalSecret(). */
  public readonly externalSecret?: ApiObject;
  /** The inline Secret, with SecretSource.inlineForDevelopment(). */
  public readonly inlineSecret?: ApiObject;

  private readonly entries: ResolvedEntry[];
  private readonly secretKeyNames: { [variable: string]: string };
  private readonly filesMountPath?: string;

  constructor(scope: Construct, id: string, props: ConfigLayersProps) {
    super(scope, id);
    RolloutChecks.of(this);
    // The ConfigMap is <name>-<10-character hash>, the Secret <name>-secrets.
    checkValue(this, 'name', props.name, dns1123SubdomainProblem(props.name, 242), 'use lowercase letters, digits, \'-\' and \'.\'');
    for (const [variable, key] of Object.entries(props.secretKeys ?? {})) {
      checkValue(this, `secretKeys.${variable}`, key, dataKeyProblem(key), 'use a key of the Secret\'s data');
    }
    this.name = props.name;
    this.environment = props.environment;
    const secrets = props.secrets ?? SecretSource.existingSecret(`${props.name}-secrets`);
    if (secrets.kind === SecretSourceKind.INLINE && props.environment !== 'development') {
      fail(this, {
        prop: 'secrets',
        found: `inline in ${props.environment}`,
        needed: 'must not render Secret values outside development',
        fix: 'use SecretSource.existingSecret() or SecretSource.externalSecret()',
      });
    }
    this.entries = resolveLayers(this, props);
    this.secretKeyNames = props.secretKeys ?? {};

    const plain = this.entries.filter((e) => !e.sensitive);
    const data: { [key: string]: string } = {};
    for (const entry of plain) data[entry.key] = entry.value;
    data.HIERARCHICAL_CONFIG = JSON.stringify(buildTree(plain.map((e) => ({ key: e.originalKey, value: e.value }))));
    data.CONFIG_SNAPSHOT = JSON.stringify(this.snapshotEntries());
    const labels = new WorkloadLabels({ name: props.name, component: 'config' }).all;

    this.configMapName = `${props.name}-${contentHash(data)}`;
    this.configMap = new k8s.KubeConfigMap(this, 'Resource', {
      metadata: { name: this.configMapName, labels },
      immutable: true,
      data,
    });

    if (props.files && props.files.length > 0) {
      const files: { [fileName: string]: string } = {};
      for (const file of props.files) {
        if (!/^[-._a-zA-Z0-9]+$/.test(file.fileName) || file.fileName in files) {
          fail(this, { prop: 'files', found: file.fileName, needed: 'must be a unique file name of letters, digits, ., - and _', fix: 'rename the file' });
        }
        files[file.fileName] = file.content;
        // A mounted file is a ConfigMap key: clear text in the manifest. Never print the line.
        const secret = secretLines(file.content)[0];
        if (secret) {
          fail(this, {
            prop: 'files',
            found: `${file.fileName} line ${secret.line}, ${secret.reason}`,
            needed: 'must not hold a secret: mounted files are written into a ConfigMap in clear text',
            fix: 'keep the secret in a Secret and let the file refer to it (${DB_PASSWORD}), or mount that file from a Secret',
          });
        }
      }
      this.filesMountPath = props.filesMountPath ?? `/etc/${props.name}`;
      this.filesConfigMap = new k8s.KubeConfigMap(this, 'Files', {
        metadata: { name: `${props.name}-files-${contentHash(files)}`, labels },
        immutable: true,
        data: files,
      });
    }

    const sensitive = this.entries.filter((e) => e.sensitive);
    this.requiredSecretKeys = sensitive.map((e) => this.secretKeyNames[e.key] ?? e.key);
    this.secretName = secrets.secretName ?? `${props.name}-secrets`;
    if (secrets.kind === SecretSourceKind.EXTERNAL_SECRET && sensitive.length > 0) {
      const external = secrets.external!;
      this.externalSecret = typedObject<IExternalSecret>(this, 'ExternalSecret', {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: { name: this.secretName, labels },
        spec: {
          refreshInterval: `${(external.refreshInterval ?? Duration.hours(1)).toSeconds()}s`,
          secretStoreRef: { name: external.storeName, kind: external.storeKind ?? SecretStoreKind.CLUSTER_SECRET_STORE },
          target: { name: this.secretName, creationPolicy: 'Owner' },
          data: sensitive.map((e) => ({
            secretKey: this.secretKeyNames[e.key] ?? e.key,
            remoteRef: { key: external.remoteKey, property: e.key },
          })),
        },
      });
    }
    if (secrets.kind === SecretSourceKind.INLINE && sensitive.length > 0) {
      const secretData: { [key: string]: string } = {};
      for (const e of sensitive) secretData[this.secretKeyNames[e.key] ?? e.key] = Buffer.from(e.value, 'utf8').toString('base64');
      this.inlineSecret = new k8s.KubeSecret(this, 'Secret', {
        metadata: { name: this.secretName, labels },
        type: 'Opaque',
        data: secretData,
      });
    }
    // Tell operators which keys the Secret must hold, without a hint of their values.
    this.configMap.metadata.addAnnotation(SECRET_ANNOTATION, this.secretName);
    this.configMap.metadata.addAnnotation(REQUIRED_SECRET_KEYS_ANNOTATION, this.requiredSecretKeys.join(','));
  }

  /** Every resolved key with its layer and source; values are not included. */
  public get keys(): ConfigEntry[] {
    return this.entries.map(({ value: _value, ...entry }) => entry);
  }

  /** A value as a string. Throws for a missing or sensitive key. */
  public getString(key: string): string {
    return this.lookup(key).value;
  }

  /** A value as a string, or undefined when the key is not set. Throws for a sensitive key. */
  public tryGetString(key: string): string | undefined {
    return this.find(key) ? this.getString(key) : undefined;
  }

  /** A value as a whole number. */
  public getInteger(key: string): number {
    const entry = this.lookup(key);
    if (!/^-?\d+$/.test(entry.value.trim())) this.badValue(entry, 'must be a whole number');
    return Number(entry.value.trim());
  }

  /** A value as a boolean: true/false, 1/0, yes/no, on/off (any case). */
  public getBoolean(key: string): boolean {
    const entry = this.lookup(key);
    const value = entry.value.trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(value)) return true;
    if (['false', '0', 'no', 'off'].includes(value)) return false;
    return this.badValue(entry, 'must be a boolean (true/false, 1/0, yes/no, on/off)');
  }

  /** A value as a Duration: plain seconds (`30`), `500ms`, `30s`, `5m`, `1h`, or ISO 8601 (`PT30S`). */
  public getDuration(key: string): Duration {
    const entry = this.lookup(key);
    const value = entry.value.trim();
    const match = /^(\d+)(ms|s|m|h)?$/.exec(value);
    if (match) {
      const amount = Number(match[1]);
      switch (match[2]) {
        case 'ms': return Duration.millis(amount);
        case 'm': return Duration.minutes(amount);
        case 'h': return Duration.hours(amount);
        default: return Duration.seconds(amount);
      }
    }
    if (/^P/.test(value)) {
      try {
        return Duration.parse(value);
      } catch {
        // reported below
      }
    }
    return this.badValue(entry, 'must be a duration such as 30, 30s, 5m, 1h or PT30S');
  }

  /**
   * The redacted snapshot: every key, its layer and its value, sensitive values as
   * `<redacted>` (no hash either: a short hash of a low-entropy secret can be reversed).
   */
  public redactedSnapshot(): string {
    return JSON.stringify({
      name: this.name,
      environment: this.environment,
      configMap: this.configMapName,
      secret: this.secretName,
      requiredSecretKeys: this.requiredSecretKeys,
      keys: this.entries.map((e) => ({ key: e.key, layer: e.layer, source: e.source, value: e.sensitive ? REDACTED : e.value })),
    }, undefined, 2);
  }

  /** What the pods get: the ConfigMap as environment, Secret key refs, mounted files. */
  public bindToPod(): PodConfigBinding {
    const secretEnv: SecretEnvVar[] = this.entries.filter((e) => e.sensitive).map((e) => ({
      name: e.key,
      secretName: this.secretName,
      key: this.secretKeyNames[e.key] ?? e.key,
    }));
    return {
      envFromConfigMap: this.configMapName,
      envFromKeys: this.entries.filter((e) => !e.sensitive).map((e) => e.key),
      secretEnv,
      files: this.filesConfigMap && this.filesMountPath
        ? { configMapName: this.filesConfigMap.name, mountPath: this.filesMountPath }
        : undefined,
    };
  }

  private snapshotEntries(): Array<{ key: string; layer: string; value: string }> {
    // Line numbers stay out of the ConfigMap: moving a line is not a configuration change.
    return this.entries.map((e) => ({ key: e.key, layer: e.layer, value: e.sensitive ? REDACTED : e.value }));
  }

  private find(key: string): ResolvedEntry | undefined {
    const flat = flattenKey(key);
    return this.entries.find((e) => e.key === flat);
  }

  private lookup(key: string): ResolvedEntry {
    const entry = this.find(key);
    if (!entry) {
      return fail(this, {
        prop: key,
        found: 'not set',
        needed: `must be set in one of ${ConfigLayers.layerFiles(this.environment).join(', ')} or in code`,
        fix: `add ${key}=<value> to .env or .env.${this.environment}`,
      });
    }
    if (entry.sensitive) {
      return fail(this, {
        prop: key,
        found: `${REDACTED} from ${entry.source}`,
        needed: 'is sensitive and reaches pods only through a Secret, never at synth time',
        fix: 'read it in the app from its environment variable, or list it in notSensitiveKeys if it is not a secret',
      });
    }
    return entry;
  }

  private badValue(entry: ResolvedEntry, needed: string): never {
    return fail(this, { prop: entry.key, found: `${entry.value} from ${entry.source}`, needed, fix: `fix the value in ${entry.source}` });
  }
}
