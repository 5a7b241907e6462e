import { ApiObject, Duration, Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { imageForProfile } from './image-policy';
import { PodConfigBinding } from './pod-configuration';
import { ImagePullPolicy, MetricsEndpoint, PodBlueprintProps, PodTemplateOptions } from './pod-props';
import { httpProbe, mapQuantities, renderSpread } from './pod-rendering';
import { checkEnvName, checkPlainEnv, checkPodProps } from './pod-validation';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from './restricted-security';
import { WorkloadLabels, WorkloadLabelsProps } from './workload-labels';
import { ImageReference } from '../core/image-reference';
import { secretEnvVar } from '../core/secret-env';
import { SecretEnvVar } from '../core/secret-reference';
import { fail } from '../core/violation';
import { APP_LABELS } from '../core/well-known-keys';
import { RolloutChecks } from '../policy/rollout-checks';
import { EnvironmentProfile } from '../profile/environment-profile';
import { ResourcePreset } from '../profile/resource-preset';

/**
 * One hardened pod: probes on a named port, preStop drain with a validated grace period,
 * restricted security context, explicit resources, its own ServiceAccount without a token,
 * scrape annotations and spread. Workloads render their pod templates from it.
 */
export class PodBlueprint extends Construct {
  /** The container and application name. */
  public readonly name: string;
  /** The parsed image reference. */
  public readonly image: ImageReference;
  /** The environment profile in force. */
  public readonly profile: EnvironmentProfile;
  /** The recommended labels (selector: name + instance). */
  public readonly labels: WorkloadLabels;
  /** The release version (label and change-cause). */
  public readonly releaseVersion: string;
  /** The serving port. */
  public readonly port: number;
  /** The serving port's name. */
  public readonly portName: string;
  /** terminationGracePeriodSeconds, derived or validated (ZD003). */
  public readonly terminationGracePeriod: Duration;
  /** The resources every container of this pod requests. */
  public readonly resources: ResourcePreset;
  /** The ServiceAccount the pods run as (automountServiceAccountToken false). */
  public readonly serviceAccount: ApiObject;
  /** Where the pods serve metrics; undefined with `scrape: false`. */
  public readonly metrics?: MetricsEndpoint;

  private readonly props: PodBlueprintProps;
  private readonly env: k8s.EnvVar[] = [];
  private readonly configBinding: PodConfigBinding;
  private readonly labelProps: WorkloadLabelsProps;
  private readonly preStopSeconds: number;
  private readonly startupSeconds: number;

  constructor(scope: Construct, id: string, props: PodBlueprintProps) {
    super(scope, id);
    this.props = props;
    this.name = props.name;
    this.profile = props.profile ?? EnvironmentProfile.of(this);
    RolloutChecks.of(this, { environment: this.profile.name });
    // Every prop against its grammar first, so no value object below fails without a path.
    const checked = checkPodProps(scope, props);
    this.image = this.checkImage(props.image);
    this.releaseVersion = props.releaseVersion ?? this.image.version ?? 'unversioned';
    this.labelProps = { name: props.name, instance: props.instance, partOf: props.partOf, component: props.component };
    this.labels = new WorkloadLabels({ ...this.labelProps, version: this.releaseVersion });
    this.port = checked.port;
    this.portName = checked.portName;
    this.metrics = checked.metrics;
    this.preStopSeconds = checked.preStopSeconds;
    this.startupSeconds = checked.startupSeconds;
    this.terminationGracePeriod = Duration.seconds(checked.graceSeconds);
    this.resources = props.resources ?? this.profile.resources;

    for (const [name, value] of Object.entries(props.env ?? {})) this.addEnv(name, value);
    for (const ref of props.secretEnv ?? []) this.addSecretEnv(ref);
    this.configBinding = props.config?.bindToPod() ?? {};
    for (const ref of this.configBinding.secretEnv ?? []) this.addSecretEnv(ref);
    for (const key of this.configBinding.envFromKeys ?? []) {
      if (this.env.some((e) => e.name === key)) {
        fail(scope, {
          prop: 'env',
          found: key,
          needed: 'must not also come from the configuration ConfigMap (env silently wins over envFrom)',
          fix: 'set it in one place: remove it from env or from the .env layers',
        });
      }
    }

    this.serviceAccount = new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { name: props.name, labels: this.labels.withoutVersion },
      automountServiceAccountToken: false,
    });
  }

  /**
   * Parses an image reference and applies the profile's tag policy (ZD007).
   */
  public checkImage(image: string): ImageReference {
    return imageForProfile(this.node.scope ?? this, image, this.profile);
  }

  /**
   * The recommended labels for pods running an image: the version label follows the image.
   */
  public labelsForImage(image: string): { [key: string]: string } {
    const version = image === this.image.reference ? this.releaseVersion : (ImageReference.parse(image).version ?? 'unversioned');
    return new WorkloadLabels({ ...this.labelProps, version }).all;
  }

  /**
   * A template's labels with the plain pod labels added (`appVersionLabels`, then `podLabels`).
   * None of them may replace a label the workload set: those are its selector, colour or track.
   */
  private podLabels(workloadLabels: { [key: string]: string }): { [key: string]: string } {
    const version = workloadLabels[APP_LABELS.version];
    const plain: { [key: string]: string } = {
      ...(this.props.appVersionLabels ? { app: this.name, ...(version === undefined ? {} : { version }) } : {}),
      ...this.props.podLabels,
    };
    for (const key of Object.keys(plain)) {
      if (!(key in workloadLabels)) continue;
      const fromPodLabels = this.props.podLabels !== undefined && key in this.props.podLabels;
      fail(this.node.scope ?? this, {
        prop: fromPodLabels ? 'podLabels' : 'appVersionLabels',
        found: fromPodLabels ? JSON.stringify(key) : `true (adds ${JSON.stringify(key)})`,
        needed: `must not set ${JSON.stringify(key)}: the workload sets it itself (a selector, colour or track label)`,
        fix: fromPodLabels ? 'choose another key' : `leave appVersionLabels off and set podLabels: { app: '${this.name}' }, or give the colour or track label another key`,
      });
    }
    return { ...workloadLabels, ...plain };
  }

  /**
   * Adds a plain environment variable.
   */
  public addEnv(name: string, value: string): void {
    this.checkEnvName(name);
    checkPlainEnv(this.node.scope ?? this, name, value);
    this.env.push({ name, value });
  }

  /**
   * Adds an environment variable read from a key of an existing Secret.
   */
  public addSecretEnv(variable: SecretEnvVar): void {
    this.checkEnvName(variable.name);
    this.env.push(secretEnvVar(variable.name, variable.secretName, variable.key));
  }

  /**
   * Renders the pod template. Called lazily by the owning workload at synth time.
   */
  public renderTemplate(options: PodTemplateOptions): k8s.PodTemplateSpec {
    const props = this.props;
    const metrics = this.metrics;
    const ports: k8s.ContainerPort[] = [{ name: this.portName, containerPort: this.port, protocol: 'TCP' }];
    if (props.metricsPort !== undefined && props.metricsPort !== this.port) ports.push({ name: 'metrics', containerPort: props.metricsPort, protocol: 'TCP' });
    const annotations: { [key: string]: string } = {};
    if (metrics) {
      annotations['prometheus.io/scrape'] = 'true';
      annotations['prometheus.io/port'] = `${metrics.port}`;
      annotations['prometheus.io/path'] = metrics.path;
    }
    const quantities = this.resources.toQuantities();
    const user = props.runAsUser ?? 10001;
    const group = props.runAsGroup ?? 10001;
    const livenessPath = props.livenessPath ?? '/health';
    const startupPeriod = 5;
    const files = this.configBinding.files;

    const container: k8s.Container = {
      name: this.name,
      image: options.image === undefined ? this.image.reference : this.checkImage(options.image).reference,
      imagePullPolicy: props.imagePullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT,
      command: props.command,
      args: props.args,
      ports,
      envFrom: this.configBinding.envFromConfigMap ? [{ configMapRef: { name: this.configBinding.envFromConfigMap } }] : undefined,
      env: this.env.length > 0 ? [...this.env] : undefined,
      resources: {
        requests: mapQuantities(quantities.requests),
        limits: mapQuantities(quantities.limits),
      },
      startupProbe: httpProbe(this.portName, props.startupPath ?? livenessPath, undefined, {
        period: startupPeriod,
        timeout: 3,
        failureThreshold: Math.max(1, Math.ceil(this.startupSeconds / startupPeriod)),
      }),
      readinessProbe: httpProbe(this.portName, props.readinessPath ?? '/ready', props.readiness, { period: 5, timeout: 3, failureThreshold: 3 }),
      livenessProbe: httpProbe(this.portName, livenessPath, props.liveness, { period: 10, timeout: 5, failureThreshold: 3 }),
      lifecycle: {
        preStop: { exec: { command: props.preStopCommand ?? ['sleep', `${this.preStopSeconds}`] } },
      },
      securityContext: restrictedContainerSecurityContext(user, group),
      volumeMounts: [
        { name: 'tmp', mountPath: '/tmp' },
        ...(files ? [{ name: 'config-files', mountPath: files.mountPath, readOnly: true }] : []),
      ],
      terminationMessagePolicy: 'FallbackToLogsOnError',
    };

    return {
      metadata: {
        labels: this.podLabels(options.labels),
        annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
      },
      spec: {
        serviceAccountName: this.serviceAccount.name,
        automountServiceAccountToken: false,
        terminationGracePeriodSeconds: this.terminationGracePeriod.toSeconds(),
        securityContext: restrictedPodSecurityContext(user, group),
        containers: [container],
        volumes: [
          { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString(`${(props.tmpSize ?? Size.mebibytes(64)).toMebibytes()}Mi`) } },
          ...(files ? [{ name: 'config-files', configMap: { name: files.configMapName } }] : []),
        ],
        nodeSelector: props.nodeSelector,
        tolerations: props.tolerations?.map((t) => ({
          key: t.key,
          operator: t.value === undefined ? 'Exists' : 'Equal',
          value: t.value,
          effect: t.effect,
        })),
        priorityClassName: props.priorityClassName,
        ...renderSpread(this.props.spread ?? this.profile.spread, options.spreadSelector),
      },
    };
  }

  private checkEnvName(name: string): void {
    checkEnvName(this.node.scope ?? this, name, this.env);
  }
}
