import { ApiObject, Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { checkValue } from '../core/checks';
import { cronScheduleProblem } from '../core/cron-schedule';
import { wholeSeconds } from '../core/durations';
import { dns1123SubdomainProblem } from '../core/k8s-names';
import { isDnsLabel } from '../core/names';
import { secretEnvVar } from '../core/secret-env';
import { SecretEnvVar } from '../core/secret-reference';
import { timeZoneProblem } from '../core/time-zone';
import { fail } from '../core/violation';
import { RolloutChecks } from '../policy/rollout-checks';
import { ResourcePreset } from '../profile/resource-preset';
import { checkPinnedImage, renderJobPod } from '../workload/job-pod';
import { WorkloadLabels } from '../workload/workload-labels';

/** A key of an existing Secret. */
export interface SecretKeyReference {
  /** The Secret's name. */
  readonly secretName: string;
  /** The key within it. */
  readonly key: string;
}

/** Where a PostgreSQL dump comes from (seed 002: pg_dump). */
export interface PostgresBackupOptions {
  /** The database host (a Service name). */
  readonly host: string;
  /**
   * The port.
   * @default 5432
   */
  readonly port?: number;
  /** The database to dump. */
  readonly database: string;
  /** The user to connect as. */
  readonly user: string;
  /** The user's password, read into `PGPASSWORD`. */
  readonly passwordSecret: SecretKeyReference;
}

/** Where a MongoDB dump comes from (seed 002: mongodump). */
export interface MongoBackupOptions {
  /** The connection string with credentials, read into `MONGODB_URI`; never written in a manifest. */
  readonly uriSecret: SecretKeyReference;
}

/** A backup by a script of the image's own (seed 003: `/backup.sh`). */
export interface ScriptBackupOptions {
  /** The command; it receives the dump path to write in `BACKUP_FILE`. */
  readonly command: string[];
  /**
   * Credentials from Secret keys.
   * @default - none
   */
  readonly secretEnv?: SecretEnvVar[];
}

const SAFE = /^[A-Za-z0-9._-]+$/;

/**
 * What a BackupCronJob dumps, and how.
 */
export class BackupSource {
  /** `pg_dump --format=custom` of one database. */
  public static postgres(options: PostgresBackupOptions): BackupSource {
    for (const [prop, value] of [['host', options.host], ['database', options.database], ['user', options.user]]) {
      if (!SAFE.test(value)) {
        throw new Error(`BackupSource.postgres: '${prop}' (${value}) must be letters, digits and ._- only; name the Service, database and user plainly`);
      }
    }
    const port = options.port ?? 5432;
    return new BackupSource('dump',
      `pg_dump --format=custom --no-owner --host=${options.host} --port=${port} --username=${options.user} --dbname=${options.database} --file="$BACKUP_FILE.partial"`,
      [secretEnvVar('PGPASSWORD', options.passwordSecret.secretName, options.passwordSecret.key)]);
  }

  /** `mongodump --archive --gzip` of the deployment the URI names. */
  public static mongo(options: MongoBackupOptions): BackupSource {
    return new BackupSource('archive.gz', 'mongodump --uri="$MONGODB_URI" --gzip --archive="$BACKUP_FILE.partial"', [secretEnvVar('MONGODB_URI', options.uriSecret.secretName, options.uriSecret.key)]);
  }

  /** The image's own backup command. */
  public static script(options: ScriptBackupOptions): BackupSource {
    if (options.command.length === 0) throw new Error("BackupSource.script: 'command' must not be empty; give the script, such as ['/backup.sh']");
    const quoted = options.command.map((arg) => `'${arg.replace(/'/g, "'\\''")}'`).join(' ');
    return new BackupSource('tar.gz', `BACKUP_FILE="$BACKUP_FILE.partial" ${quoted}`,
      (options.secretEnv ?? []).map((ref) => secretEnvVar(ref.name, ref.secretName, ref.key)));
  }

  private constructor(
    /** File extension of a dump. */
    public readonly extension: string,
    /** Shell command writing `$BACKUP_FILE.partial`. */
    private readonly dumpCommand: string,
    private readonly secretEnvVars: k8s.EnvVar[],
  ) {}

  /**
   * The container's script: dump to a partial file, rename it when complete, prune old dumps.
   * @internal
   */
  public _script(prefix: string, directory: string, retentionDays: number): string {
    return [
      'set -eu',
      `BACKUP_FILE="${directory}/${prefix}-$(date -u +%Y%m%dT%H%M%SZ).${this.extension}"`,
      this.dumpCommand,
      'mv "$BACKUP_FILE.partial" "$BACKUP_FILE"',
      `find ${directory} -name '${prefix}-*.${this.extension}' -mtime +${retentionDays} -delete`,
      'echo "backup written: $BACKUP_FILE"',
    ].join('\n');
  }

  /**
   * The credentials the dump reads.
   * @internal
   */
  public get _env(): k8s.EnvVar[] {
    return this.secretEnvVars;
  }
}

/**
 * Props of a BackupCronJob.
 */
export interface BackupCronJobProps {
  /** The CronJob's name (at most 52 characters: Kubernetes appends a timestamp to each Job). */
  readonly name: string;
  /** What to dump. */
  readonly source: BackupSource;
  /** The tool image (postgres, mongo), pinned by tag or digest. */
  readonly image: string;
  /** Cron schedule, five fields (seed 003: `0 2 * * *`). */
  readonly schedule: string;
  /**
   * Time zone of the schedule.
   * @default 'Etc/UTC'
   */
  readonly timeZone?: string;
  /** The PersistentVolumeClaim dumps are written to (mounted at /backups). */
  readonly volumeClaimName: string;
  /**
   * Dumps older than this many days are deleted after a successful backup.
   * @default 7
   */
  readonly retentionDays?: number;
  /**
   * How late a missed run may still start.
   * @default Duration.minutes(10)
   */
  readonly startingDeadline?: Duration;
  /**
   * How long one backup may run.
   * @default Duration.hours(1)
   */
  readonly timeout?: Duration;
  /**
   * Finished Jobs kept for inspection.
   * @default 3
   */
  readonly successfulJobsHistoryLimit?: number;
  /**
   * Failed Jobs kept for inspection.
   * @default 3
   */
  readonly failedJobsHistoryLimit?: number;
  /**
   * Resources of the backup container.
   * @default ResourcePreset.small()
   */
  readonly resources?: ResourcePreset;
  /**
   * `app.kubernetes.io/part-of`.
   * @default - no label
   */
  readonly partOf?: string;
}

/**
 * A scheduled backup (seeds 002 and 003): one run at a time (`concurrencyPolicy: Forbid`),
 * bounded history, a starting deadline, the restricted pod profile, credentials only through
 * Secret references. A dump is written under a temporary name and renamed when complete, so a
 * failed run never leaves a file that looks like a good backup; old dumps are pruned only after
 * a new one succeeded.
 */
export class BackupCronJob extends Construct {
  /** The CronJob. */
  public readonly cronJob: ApiObject;

  constructor(scope: Construct, id: string, props: BackupCronJobProps) {
    super(scope, id);
    RolloutChecks.of(this);
    if (!isDnsLabel(props.name, 52)) {
      fail(this, { prop: 'name', found: props.name, needed: 'must be a DNS label of at most 52 characters (the CronJob controller appends 11 to name each Job)', fix: 'shorten the name' });
    }
    const scheduleProblem = cronScheduleProblem(props.schedule);
    if (scheduleProblem) {
      fail(this, { prop: 'schedule', found: props.schedule, needed: `must be a five-field cron schedule (${scheduleProblem})`, fix: "write minute hour day-of-month month day-of-week, such as '0 2 * * *'" });
    }
    const timeZone = props.timeZone ?? 'Etc/UTC';
    checkValue(this, 'timeZone', timeZone, timeZoneProblem(timeZone), 'use a name of the IANA database, such as Etc/UTC or Europe/Berlin');
    if (props.volumeClaimName !== undefined) {
      checkValue(this, 'volumeClaimName', props.volumeClaimName, dns1123SubdomainProblem(props.volumeClaimName), 'use the PersistentVolumeClaim\'s name as kubectl get pvc shows it');
    }
    checkPinnedImage(this, 'image', props.image, 'postgres:16.4');
    const retentionDays = props.retentionDays ?? 7;
    if (!Number.isInteger(retentionDays) || retentionDays < 1) {
      fail(this, { prop: 'retentionDays', found: `${retentionDays}`, needed: 'must be a whole number of at least 1', fix: 'keep at least a day of dumps, such as 7' });
    }
    for (const prop of ['successfulJobsHistoryLimit', 'failedJobsHistoryLimit'] as const) {
      const limit = props[prop] ?? 3;
      if (!Number.isInteger(limit) || limit < 0 || limit > 10) {
        fail(this, { prop, found: `${limit}`, needed: 'must be a whole number from 0 to 10', fix: 'keep a few Jobs, such as 3' });
      }
    }
    const labels = new WorkloadLabels({ name: props.name, component: 'backup', partOf: props.partOf }).all;
    const quantities = (props.resources ?? ResourcePreset.small()).toQuantities();
    this.cronJob = new k8s.KubeCronJob(this, 'Resource', {
      metadata: { name: props.name, labels },
      spec: {
        schedule: props.schedule,
        timeZone,
        concurrencyPolicy: 'Forbid',
        startingDeadlineSeconds: wholeSeconds(this, 'startingDeadline', props.startingDeadline ?? Duration.minutes(10), true),
        successfulJobsHistoryLimit: props.successfulJobsHistoryLimit ?? 3,
        failedJobsHistoryLimit: props.failedJobsHistoryLimit ?? 3,
        jobTemplate: {
          metadata: { labels },
          spec: {
            backoffLimit: 1,
            activeDeadlineSeconds: wholeSeconds(this, 'timeout', props.timeout ?? Duration.hours(1), true),
            template: renderJobPod({
              containerName: 'backup',
              image: props.image,
              command: ['sh', '-c', props.source._script(props.name, '/backups', retentionDays)],
              labels,
              env: props.source._env,
              requests: quantities.requests,
              limits: quantities.limits,
              volumes: [{ volume: { name: 'backups', persistentVolumeClaim: { claimName: props.volumeClaimName } }, mountPath: '/backups' }],
            }),
          },
        },
      },
    });
  }
}
