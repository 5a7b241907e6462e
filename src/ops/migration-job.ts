import { createHash } from 'crypto';
import { ApiObject, Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ApplyOrder, ApplyPhase } from '../core/apply-order';
import { checkValue } from '../core/checks';
import { wholeSeconds } from '../core/durations';
import { envVarNameProblem, labelValueProblem } from '../core/k8s-names';
import { secretEnvVar } from '../core/secret-env';
import { SecretEnvVar } from '../core/secret-reference';
import { fail } from '../core/violation';
import { RolloutChecks } from '../policy/rollout-checks';
import { EnvironmentProfile } from '../profile/environment-profile';
import { ResourcePreset } from '../profile/resource-preset';
import { imageForProfile } from '../workload/image-policy';
import { renderJobPod } from '../workload/job-pod';
import { checkPlainEnv } from '../workload/pod-validation';
import { WorkloadLabels } from '../workload/workload-labels';

/**
 * Props of a MigrationJob.
 */
export interface MigrationJobProps {
  /** The application's name; the Job is `<name>-migrate-<hash>`. */
  readonly name: string;
  /** The image of the release being rolled out: it holds the migrations. */
  readonly image: string;
  /** The migration command (seed 001: `npm run migrate`). */
  readonly command: string[];
  /**
   * What identifies the set of migrations besides the image (a migrations folder checksum, the
   * newest migration's id). Part of the Job's name, so each release migrates once.
   * @default - the image alone
   */
  readonly migrationSet?: string;
  /**
   * The environment (ZD007 applies to the image as to the workloads).
   * @default - EnvironmentProfile.of(this): the context value 'cdk8s-zero-downtime:environment', else production
   */
  readonly profile?: EnvironmentProfile;
  /**
   * Resources of the migration container.
   * @default ResourcePreset.small()
   */
  readonly resources?: ResourcePreset;
  /**
   * Plain environment variables.
   * @default - none
   */
  readonly env?: { [name: string]: string };
  /**
   * Environment variables from Secret keys (the database credentials).
   * @default - none
   */
  readonly secretEnv?: SecretEnvVar[];
  /**
   * Retries after a failed run (a transactional migration rolls back and can run again).
   * @default 1
   */
  readonly backoffLimit?: number;
  /**
   * How long the whole Job may run before it is stopped.
   * @default Duration.minutes(10)
   */
  readonly timeout?: Duration;
  /**
   * How long a finished Job is kept before it is deleted.
   * @default Duration.days(1)
   */
  readonly ttlAfterFinished?: Duration;
  /**
   * Whether the Job carries Argo CD's PreSync hook and sync-wave annotations, so Argo CD runs it
   * to completion before it syncs the workloads.
   * @default true
   */
  readonly argoCdHook?: boolean;
  /**
   * `app.kubernetes.io/part-of`.
   * @default - no label
   */
  readonly partOf?: string;
}

/**
 * The database migration of a release (seed 001; seed 002's "automated DB migrations on
 * deploy"), as a Job that runs once per release: its name holds a hash of the image and the
 * migration set, so a new release is a new Job and re-applying the same release changes
 * nothing (a Job's template is immutable; a renamed Job is never an update).
 *
 * Ordering: the Job comes before the workloads in the manifest (ApplyPhase.PRE_ROLLOUT). Argo CD
 * runs it as a PreSync hook and waits for it; with `kubectl`, apply it and wait before the rest
 * (see the README). Migrations must be expand/contract: the old version keeps running against
 * the new schema until the rollout ends, so add first and remove only after the old version is
 * gone.
 */
export class MigrationJob extends Construct {
  /** The Job. */
  public readonly job: ApiObject;
  /** The Job's name (`<name>-migrate-<hash>`). */
  public readonly jobName: string;

  constructor(scope: Construct, id: string, props: MigrationJobProps) {
    super(scope, id);
    const profile = props.profile ?? EnvironmentProfile.of(this);
    if (props.partOf !== undefined) checkValue(this, 'partOf', props.partOf, labelValueProblem(props.partOf), 'use at most 63 letters, digits, \'-\', \'_\' and \'.\'');
    const image = imageForProfile(this, props.image, profile);
    if (props.command.length === 0) {
      fail(this, { prop: 'command', found: '[]', needed: 'must name the migration command', fix: "give the command, such as ['npm', 'run', 'migrate']" });
    }
    const backoffLimit = props.backoffLimit ?? 1;
    if (!Number.isInteger(backoffLimit) || backoffLimit < 0 || backoffLimit > 10) {
      fail(this, { prop: 'backoffLimit', found: `${backoffLimit}`, needed: 'must be a whole number from 0 to 10', fix: 'retry a failed migration once (1) or never (0)' });
    }
    const timeout = wholeSeconds(this, 'timeout', props.timeout ?? Duration.minutes(10), true);
    const ttl = wholeSeconds(this, 'ttlAfterFinished', props.ttlAfterFinished ?? Duration.days(1), true);

    const hash = createHash('sha256').update(`${image.reference}\n${props.migrationSet ?? ''}`).digest('hex').slice(0, 10);
    this.jobName = `${props.name}-migrate-${hash}`;
    if (this.jobName.length > 63) {
      fail(this, { prop: 'name', found: props.name, needed: `must leave the Job name (${this.jobName}) at most 63 characters`, fix: `shorten the name to ${63 - '-migrate-'.length - hash.length} characters or fewer` });
    }
    // Its own instance: the workload's selectors (name + instance) must never pick up a migration
    // pod, or its Service, budget, network policy and monitor would count a Job's pod as theirs.
    const labels = new WorkloadLabels({ name: props.name, instance: `${props.name}-migration`, component: 'migration', partOf: props.partOf, version: image.version });
    const quantities = (props.resources ?? ResourcePreset.small()).toQuantities();
    for (const [name, value] of Object.entries(props.env ?? {})) {
      checkValue(this, 'env', name, envVarNameProblem(name), 'rename the variable');
      checkPlainEnv(this, name, value);
    }
    const env: k8s.EnvVar[] = [
      ...Object.entries(props.env ?? {}).map(([name, value]) => ({ name, value })),
      ...(props.secretEnv ?? []).map((ref) => secretEnvVar(ref.name, ref.secretName, ref.key)),
    ];
    const annotations: { [key: string]: string } = { 'kubernetes.io/change-cause': `migrate to ${image.version ?? image.reference}` };
    if (props.argoCdHook ?? true) {
      annotations['argocd.argoproj.io/hook'] = 'PreSync';
      annotations['argocd.argoproj.io/hook-delete-policy'] = 'BeforeHookCreation';
      annotations['argocd.argoproj.io/sync-wave'] = '-1';
    }
    this.job = new k8s.KubeJob(this, 'Resource', {
      metadata: { name: this.jobName, labels: labels.all, annotations },
      spec: {
        backoffLimit,
        activeDeadlineSeconds: timeout,
        ttlSecondsAfterFinished: ttl,
        template: renderJobPod({
          containerName: 'migrate',
          image: image.reference,
          command: props.command,
          labels: labels.all,
          env,
          requests: quantities.requests,
          limits: quantities.limits,
        }),
      },
    });
    RolloutChecks.of(this, { environment: profile.name });
    ApplyOrder.of(this).place(this.job, ApplyPhase.PRE_ROLLOUT);
  }
}
