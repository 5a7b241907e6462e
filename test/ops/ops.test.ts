import { Chart, Duration, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import {
  BackupCronJob, BackupCronJobProps, BackupSource, EnvironmentProfile, MigrationJob,
  MigrationJobProps,
} from '../../src';
import { cronScheduleProblem } from '../../src/core/cron-schedule';
import { restrictedViolations } from '../support/pod-security';
import { findOne, synthValid } from '../support/synth';

const IMAGE = 'ghcr.io/acme/api:1.4.0-abcdef1';

describe('MigrationJob', () => {
  const migration = (props: Partial<MigrationJobProps> = {}) => {
    // Every object takes its namespace from its chart.
    const chart = new Chart(Testing.app(), 'test', { namespace: 'engine-ops' });
    const construct = new MigrationJob(chart, 'Migration', {
      name: 'engine-ops',
      image: IMAGE,
      command: ['npm', 'run', 'migrate'],
      profile: EnvironmentProfile.production(),
      secretEnv: [{ name: 'DATABASE_URL', secretName: 'engine-ops-database', key: 'url' }],
      ...props,
    });
    return { construct, job: findOne(synthValid(chart), 'Job') };
  };

  test('defaults: once per release, bounded, restricted, ordered by Argo CD too', () => {
    const { construct, job } = migration();
    expect(job).toMatchSnapshot();
    expect(job.metadata.name).toBe(construct.jobName);
    expect(job.spec).toMatchObject({ backoffLimit: 1, activeDeadlineSeconds: 600, ttlSecondsAfterFinished: 86400 });
    expect(job.metadata.annotations).toEqual({
      'kubernetes.io/change-cause': 'migrate to 1.4.0-abcdef1',
      'argocd.argoproj.io/hook': 'PreSync',
      'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
      'argocd.argoproj.io/sync-wave': '-1',
    });
    expect(restrictedViolations(job.spec.template.spec)).toEqual([]);
    // Never inside the workload's selector (name + instance).
    expect(job.spec.template.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'engine-ops', 'app.kubernetes.io/instance': 'engine-ops-migration' });
    expect(job.spec.template.spec.containers[0].env).toEqual([{ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'engine-ops-database', key: 'url' } } }]);
  });

  test('the name follows the image and the migration set, and nothing else', () => {
    const name = (props: Partial<MigrationJobProps>) => migration(props).construct.jobName;
    expect(name({})).toBe(name({ backoffLimit: 2, timeout: Duration.minutes(20) }));
    expect(name({ image: 'ghcr.io/acme/api:1.5.0-abcdef2' })).not.toBe(name({}));
    expect(name({ migrationSet: '006_add_index' })).not.toBe(name({ migrationSet: '005_add_audit_log' }));
    expect(name({})).toMatch(/^engine-ops-migrate-[0-9a-f]{10}$/);
  });

  test('without Argo CD hooks', () => {
    expect(Object.keys(migration({ argoCdHook: false }).job.metadata.annotations)).toEqual(['kubernetes.io/change-cause']);
  });

  test.each([
    [{ image: 'ghcr.io/acme/api:latest' }, "test/Migration: ZD007 'image' (ghcr.io/acme/api:latest) must carry an immutable <semver>-<gitsha> tag (1.3.0-ab12cd3) or a digest (@sha256:...) in production; tag the build with its version and git sha, or pin the image by digest"],
    [{ command: [] }, "test/Migration: 'command' ([]) must name the migration command; give the command, such as ['npm', 'run', 'migrate']"],
    [{ backoffLimit: -1 }, "test/Migration: 'backoffLimit' (-1) must be a whole number from 0 to 10; retry a failed migration once (1) or never (0)"],
    [{ timeout: Duration.seconds(0) }, "test/Migration: 'timeout' (0ms) must be a whole number of seconds above 0; use Duration.seconds(1)"],
    [{ name: 'a-very-long-application-name-that-leaves-no-room-for-hash' }, "test/Migration: 'name' (a-very-long-application-name-that-leaves-no-room-for-hash) must leave the Job name (a-very-long-application-name-that-leaves-no-room-for-hash-migrate-"],
  ] as Array<[Partial<MigrationJobProps>, string]>)('rejects %j', (props, message) => {
    expect(() => migration(props)).toThrow(message);
  });
});

describe('BackupCronJob', () => {
  const POSTGRES = BackupSource.postgres({ host: 'postgresql', database: 'chat', user: 'chat', passwordSecret: { secretName: 'chat-app-postgres', key: 'password' } });
  const backup = (props: Partial<BackupCronJobProps> = {}) => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'chat-app' });
    new BackupCronJob(chart, 'Backup', { name: 'postgresql-backup', source: POSTGRES, image: 'postgres:16.4-alpine', schedule: '0 2 * * *', volumeClaimName: 'backups', ...props });
    return findOne(synthValid(chart), 'CronJob');
  };

  test('pg_dump defaults: one at a time, bounded history, restricted, password by reference', () => {
    const cronJob = backup();
    expect(cronJob).toMatchSnapshot();
    expect(cronJob.spec).toMatchObject({
      schedule: '0 2 * * *', timeZone: 'Etc/UTC', concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 600, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 3,
    });
    const pod = cronJob.spec.jobTemplate.spec.template.spec;
    expect(restrictedViolations(pod)).toEqual([]);
    expect(pod.containers[0].env).toEqual([{ name: 'PGPASSWORD', valueFrom: { secretKeyRef: { name: 'chat-app-postgres', key: 'password' } } }]);
    const script = pod.containers[0].command[2];
    // Written under a temporary name, renamed when complete, old dumps pruned only after that.
    expect(script.split('\n')).toEqual([
      'set -eu',
      'BACKUP_FILE="/backups/postgresql-backup-$(date -u +%Y%m%dT%H%M%SZ).dump"',
      'pg_dump --format=custom --no-owner --host=postgresql --port=5432 --username=chat --dbname=chat --file="$BACKUP_FILE.partial"',
      'mv "$BACKUP_FILE.partial" "$BACKUP_FILE"',
      "find /backups -name 'postgresql-backup-*.dump' -mtime +7 -delete",
      'echo "backup written: $BACKUP_FILE"',
    ]);
    expect(pod.volumes).toContainEqual({ name: 'backups', persistentVolumeClaim: { claimName: 'backups' } });
  });

  test('mongodump and a script of the image', () => {
    const mongo = backup({ source: BackupSource.mongo({ uriSecret: { secretName: 'chat-app-mongodb', key: 'uri' } }), image: 'mongo:7.0.14' });
    expect(mongo.spec.jobTemplate.spec.template.spec.containers[0].command[2]).toContain('mongodump --uri="$MONGODB_URI" --gzip --archive="$BACKUP_FILE.partial"');
    const script = backup({ source: BackupSource.script({ command: ['/backup.sh', "it's"] }), image: 'registry.local/backup-tool:1.2.0-3b4c5d6' });
    expect(script.spec.jobTemplate.spec.template.spec.containers[0].command[2]).toContain("BACKUP_FILE=\"$BACKUP_FILE.partial\" '/backup.sh' 'it'\\''s'");
  });

  test.each([
    [{ schedule: '0 2 * *' }, "test/Backup: 'schedule' (0 2 * *) must be a five-field cron schedule (found 4 fields); write minute hour day-of-month month day-of-week, such as '0 2 * * *'"],
    [{ schedule: '0 25 * * *' }, "test/Backup: 'schedule' (0 25 * * *) must be a five-field cron schedule (hour 25 is outside 0-23); write minute hour day-of-month month day-of-week, such as '0 2 * * *'"],
    [{ image: 'postgres' }, "test/Backup: 'image' (postgres) must be pinned by a tag other than latest or by a digest; pin the image, for example postgres:16.4"],
    [{ name: 'a'.repeat(53) }, `test/Backup: 'name' (${'a'.repeat(53)}) must be a DNS label of at most 52 characters (the CronJob controller appends 11 to name each Job); shorten the name`],
    [{ retentionDays: 0 }, "test/Backup: 'retentionDays' (0) must be a whole number of at least 1; keep at least a day of dumps, such as 7"],
    [{ failedJobsHistoryLimit: 20 }, "test/Backup: 'failedJobsHistoryLimit' (20) must be a whole number from 0 to 10; keep a few Jobs, such as 3"],
  ] as Array<[Partial<BackupCronJobProps>, string]>)('rejects %j', (props, message) => {
    expect(() => backup(props)).toThrow(message);
  });

  test('sources refuse what could break out of the shell', () => {
    expect(() => BackupSource.postgres({ host: 'db;rm -rf /', database: 'chat', user: 'chat', passwordSecret: { secretName: 's', key: 'k' } }))
      .toThrow("BackupSource.postgres: 'host' (db;rm -rf /) must be letters, digits and ._- only; name the Service, database and user plainly");
    expect(() => BackupSource.script({ command: [] })).toThrow("BackupSource.script: 'command' must not be empty; give the script, such as ['/backup.sh']");
  });

  test('cron schedules: every valid field value is accepted, every out-of-range one is named', () => {
    const ranges: Array<[number, number]> = [[0, 59], [0, 23], [1, 31], [1, 12], [0, 7]];
    fc.assert(fc.property(fc.tuple(...ranges.map(([lo, hi]) => fc.integer({ min: lo, max: hi }))), (fields) => {
      expect(cronScheduleProblem(fields.join(' '))).toBeUndefined();
    }));
    fc.assert(fc.property(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 1, max: 100 }), (field, excess) => {
      const fields = ['0', '0', '1', '1', '0'];
      fields[field] = `${ranges[field][1] + excess}`;
      expect(cronScheduleProblem(fields.join(' '))).toMatch(/is outside/);
    }));
    expect(cronScheduleProblem('*/15 9-17 * 1,6 1-5')).toBeUndefined();
    expect(cronScheduleProblem('0 17-9 * * *')).toBe('hour range 17-9 runs backwards');
    expect(cronScheduleProblem('*/0 * * * *')).toBe('minute step must be at least 1');
    expect(cronScheduleProblem('@daily')).toBe('found 1 fields');
  });
});
