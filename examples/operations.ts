// A migration Job that runs once per release, and a nightly backup that never leaves a partial dump.
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { BackupCronJob, BackupSource, EnvironmentProfile, MigrationJob, ReleaseState } from 'cdk8s-zero-downtime';

const app = new App();
const chart = new Chart(app, 'shop', { namespace: 'shop' });
const release = ReleaseState.fromFile(path.join(__dirname, 'release', 'production.json'));

new MigrationJob(chart, 'Migration', {
  name: 'shop',
  image: release.imageOf(release.newestColour), // the image being rolled out
  command: ['npm', 'run', 'migrate'],
  migrationSet: '005_add_audit_log',
  profile: EnvironmentProfile.production(),
  secretEnv: [{ name: 'DATABASE_URL', secretName: 'shop-database', key: 'url' }],
});
new BackupCronJob(chart, 'PostgresBackup', {
  name: 'postgresql-backup',
  schedule: '0 2 * * *',
  image: 'postgres:16.4-alpine',
  volumeClaimName: 'backups',
  source: BackupSource.postgres({ host: 'postgresql', database: 'shop', user: 'shop', passwordSecret: { secretName: 'shop-postgres', key: 'password' } }),
});
app.synth();
