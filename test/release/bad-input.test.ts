/*
 * Bad input, as a careless or hurried user writes it: each case ends in one error that names
 * the construct path (or the value object), the prop, the value found, what is needed and the
 * fix, at construction, before anything can be written.
 */
import { Chart, Duration, Size, Testing } from 'cdk8s';
import { Cpu, PercentOrAbsolute } from 'cdk8s-plus-27';
import {
  BackupCronJob, BackupSource, BlueGreenEngine, BlueGreenService, CanaryRelease, CanaryState, CanaryTraffic, Colour, EnvironmentProfile,
  GatewayDeployment, GatewayDeploymentProps, HardenedNamespace, MigrationJob, NetworkIsolation, ReleasePhase, ReleaseState, ResourcePreset,
  TlsIngress, VersionedApi, WorkloadMonitor,
} from '../../src';

const IMAGE = 'ghcr.io/acme/api:1.4.0-abcdef1';
const production = EnvironmentProfile.production();
const chart = (namespace?: string) => new Chart(Testing.app(), 'test', { namespace });
const withChart = (build: (c: Chart) => unknown) => {
  const c = chart();
  build(c);
  return c;
};
const gateway = (props: Partial<GatewayDeploymentProps>) => () => new GatewayDeployment(chart(), 'Api', { name: 'api', image: IMAGE, profile: production, ...props });
const staged = ReleaseState.of('release/production.json', { activeColour: Colour.BLUE, phase: ReleasePhase.STAGED, blueImage: IMAGE, greenImage: 'ghcr.io/acme/api:1.5.0-bbbbbbb' });
const long = 'a'.repeat(56);
const CASES: Array<[string, () => unknown, string]> = [
  ['Service name starting with a digit', gateway({ name: '1api' }),
    "test/Api: 'name' (\"1api\") must be a DNS-1035 label: lowercase letters, digits and '-', starting with a letter and ending with a letter or digit; use lowercase letters, digits and '-', starting with a letter, such as api"],
  ['derived headless Service name over 63', gateway({ name: long, headlessService: true }),
    "test/Api: 'name' (\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-headless\") must be at most 63 characters (it has 65); shorten the name so that the Service aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-headless fits in 63 characters"],
  ['derived preview Service name over 63', () => new BlueGreenService(chart(), 'Shop', { name: long, profile: production, release: staged }),
    "test/Shop: 'name' (\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-preview\") must be at most 63 characters (it has 64); shorten the name so that the Service aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-preview fits in 63 characters"],
  ['smoke-test Job name over 63', () => new BlueGreenService(chart(), 'Shop', { name: 'a'.repeat(45), profile: production, release: staged, smokeTest: { image: 'curlimages/curl:8.11.1' } }),
    "test/Shop: 'name' (\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-preview-smoke-afa7ae150a\") must be at most 63 characters (it has 70); shorten the name to 38 characters or fewer: the smoke-test Job aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-preview-smoke-afa7ae150a is derived from it"],
  ['chart namespace', () => new GatewayDeployment(chart('Shop_NS'), 'Api', { name: 'api', image: IMAGE, profile: production }),
    "test: 'namespace' (\"Shop_NS\") must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit; name the chart's namespace with lowercase letters, digits and '-', such as shop"],
  ['Secret name', gateway({ secretEnv: [{ name: 'TOKEN', secretName: 'Api_Secrets', key: 'token' }] }),
    "test/Api: 'secretEnv[0].secretName' (\"Api_Secrets\") must be a DNS-1123 subdomain: dot-separated lowercase labels of letters, digits and '-'; use the Secret's name as kubectl get secret shows it"],
  ['Secret key', gateway({ secretEnv: [{ name: 'TOKEN', secretName: 'api-secrets', key: 'a/b' }] }),
    "test/Api: 'secretEnv[0].key' (\"a/b\") must be letters, digits, '-', '_' and '.'; use a key of the Secret's data"],
  ['priorityClassName', gateway({ priorityClassName: 'High Priority' }),
    "test/Api: 'priorityClassName' (\"High Priority\") must be a DNS-1123 subdomain: dot-separated lowercase labels of letters, digits and '-'; use the PriorityClass's name as kubectl get priorityclass shows it"],
  ['nodeSelector key', gateway({ nodeSelector: { 'kubernetes.io/os linux': 'x' } }),
    "test/Api: 'nodeSelector' (\"kubernetes.io/os linux\") must have a name part of letters, digits, '-', '_' and '.', starting and ending with a letter or digit; use a node label key such as kubernetes.io/os"],
  ['pod label key', gateway({ podLabels: { 'team name': 'payments' } }),
    "test/Api: 'podLabels' (\"team name\") must have a name part of letters, digits, '-', '_' and '.', starting and ending with a letter or digit; use a label key such as team or example.com/team"],
  ['pod label the library owns', gateway({ podLabels: { 'app.kubernetes.io/version': 'v1' } }),
    "test/Api: 'podLabels' (\"app.kubernetes.io/version\") must not be one of the app.kubernetes.io/* labels this library sets (selectors and the version label are derived from name, instance, partOf, component and the image); set the matching prop (name, instance, partOf, component, releaseVersion) instead"],
  ['pod label over the colour label', () => Testing.synth(withChart((c) => new BlueGreenService(c, 'Shop', { name: 'shop', profile: production, release: staged, colourLabelKey: 'version', podLabels: { version: 'v1' } }))),
    "test/Shop: 'podLabels' (\"version\") must not set \"version\": the workload sets it itself (a selector, colour or track label); choose another key"],
  ['app/version labels over the colour label', () => Testing.synth(withChart((c) => new BlueGreenService(c, 'Shop', { name: 'shop', profile: production, release: staged, colourLabelKey: 'version', appVersionLabels: true }))),
    "test/Shop: 'appVersionLabels' (true (adds \"version\")) must not set \"version\": the workload sets it itself (a selector, colour or track label); leave appVersionLabels off and set podLabels: { app: 'shop' }, or give the colour or track label another key"],
  ['toleration key', gateway({ tolerations: [{ key: '-bad' }] }),
    "test/Api: 'tolerations[0].key' (\"-bad\") must have a name part of letters, digits, '-', '_' and '.', starting and ending with a letter or digit; use the taint's key, such as node-role.kubernetes.io/control-plane"],
  ['annotation domain', () => new BlueGreenService(chart(), 'Shop', { name: 'shop', profile: production, release: staged, annotationDomain: 'Shop.Example' }),
    "test/Shop: 'annotationDomain' (\"Shop.Example\") must be a DNS-1123 subdomain: dot-separated lowercase labels of letters, digits and '-'; use a domain you own, such as shop.example.com"],
  ['colour label key', () => new BlueGreenService(chart(), 'Shop', { name: 'shop', profile: production, release: staged, colourLabelKey: 'colour!' }),
    "test/Shop: 'colourLabelKey' (\"colour!\") must have a name part of letters, digits, '-', '_' and '.', starting and ending with a letter or digit; use a label key such as version or example.com/color"],
  ['track label key', () => new CanaryRelease(chart(), 'Chat', { name: 'chat', profile: production, release: CanaryState.of('f', { stableImage: IMAGE }), trackLabelKey: 'a/b/c' }),
    "test/Chat: 'trackLabelKey' (\"a/b/c\") must have a prefix (before '/') that is a DNS-1123 subdomain: dot-separated lowercase labels of letters, digits and '-'; use a label key such as track"],
  ['Service port 0', gateway({ servicePort: 0 }),
    "test/Api: 'servicePort' (0) must be a whole number from 1 to 65535; use the port clients call, such as 80"],
  ['port 65536', gateway({ port: 65536 }),
    "test/Api: 'port' (65536) must be a whole number from 1 to 65535; set port to the port the app listens on"],
  ['metricsPort NaN', gateway({ metricsPort: NaN }),
    "test/Api: 'metricsPort' (NaN) must be a whole number from 1 to 65535; set metricsPort to the port the app listens on"],
  ['probe threshold -1', gateway({ readiness: { failureThreshold: -1 } }),
    "test/Api: 'readiness.failureThreshold' (-1) must be a whole number of at least 1; use a small whole number such as 3"],
  ['probe threshold 2.5', gateway({ liveness: { failureThreshold: 2.5 } }),
    "test/Api: 'liveness.failureThreshold' (2.5) must be a whole number of at least 1; use a small whole number such as 3"],
  ['replicas 1e10', gateway({ replicas: 1e10 }),
    "test/Api: 'replicas' (10000000000) must be a whole number of at least 1: these pods serve live traffic; set replicas to 1 or more"],
  ['runAsUser 2^40', gateway({ runAsUser: 2 ** 40 }),
    "test/Api: 'runAsUser' (1099511627776) must be a whole number from 10000 to 2147483647 (restricted pods never share a host uid/gid); set runAsUser to 10001 or build the image for a high uid"],
  ['budget maxUnavailable 1.5', gateway({ disruptionBudgetMaxUnavailable: 1.5 }),
    "test/Api: 'disruptionBudgetMaxUnavailable' (1.5) must be a whole number of at least 0; let a drain take at least one pod, such as 1"],
  ['revisionHistoryLimit -1', gateway({ revisionHistoryLimit: -1 }),
    "test/Api: 'revisionHistoryLimit' (-1) must be a whole number of at least 1; keep at least one old ReplicaSet so rollback works, such as 10"],
  ['revisionHistoryLimit 0', gateway({ revisionHistoryLimit: 0 }),
    "test/Api: 'revisionHistoryLimit' (0) must be a whole number of at least 1; keep at least one old ReplicaSet so rollback works, such as 10"],
  ['Argo previewReplicaCount -1', () => new BlueGreenService(chart(), 'Shop', { name: 'shop', profile: production, release: staged, engine: BlueGreenEngine.argoRollouts({ previewReplicaCount: -1 }) }),
    "test/Shop: 'engine.argo.previewReplicaCount' (-1) must be a whole number of at least 1; run at least one preview pod, or leave it unset for full size"],
  ['Argo anti-affinity weight 0', () => new BlueGreenService(chart(), 'Shop', { name: 'shop', profile: production, release: staged, engine: BlueGreenEngine.argoRollouts({ antiAffinityWeight: 0 }) }),
    "test/Shop: 'engine.argo.antiAffinityWeight' (0) must be a whole number from 1 to 100; use a weight from 1 to 100, such as 100"],
  ['memory preset of 10^18 TiB', gateway({ resources: ResourcePreset.of('huge', { cpuRequest: Cpu.units(1), cpuLimit: Cpu.units(2), memoryRequest: Size.tebibytes(1e18), memoryLimit: Size.tebibytes(1e18) }) }),
    "test/Api: 'resources (huge) requests.memory' (\"1.024e+21Gi\") must be a Kubernetes quantity: a number with an optional suffix (100m, 512Mi, 2Gi, 1.5); use a realistic size, such as Size.gibibytes(2)"],
  ['readiness period 500 ms', gateway({ readiness: { period: Duration.millis(500) } }),
    "test/Api: 'readiness.period' (500ms) must be a whole number of seconds above 0; use Duration.seconds(1)"],
  ['minReady 1500 ms', gateway({ minReady: Duration.millis(1500) }),
    "test/Api: 'minReady' (1500ms) must be a whole, non-negative number of seconds; use Duration.seconds(2)"],
  ['tmpSize 100 KiB', gateway({ tmpSize: Size.kibibytes(100) }),
    "test/Api: 'tmpSize' (100 KiB) must be a whole number of mebibytes, at least 1; use Size.mebibytes(64) or Size.gibibytes(1)"],
  ['infinite drain', gateway({ drainTimeout: Duration.seconds(Infinity) }),
    "test/Api: 'drainTimeout' (not a finite number of milliseconds (NaN, Infinity or a fraction of a millisecond)) must be a whole, non-negative number of seconds; use Duration.seconds(<whole number>)"],
  ['NaN preStop', gateway({ preStopDelay: Duration.millis(NaN) }),
    "test/Api: 'preStopDelay' (not a finite number of milliseconds (NaN, Infinity or a fraction of a millisecond)) must be a whole, non-negative number of seconds; use Duration.seconds(<whole number>)"],
  ['progressDeadline not above minReady', gateway({ minReady: Duration.seconds(600), progressDeadline: Duration.seconds(600) }),
    "test/Api: 'progressDeadline' (600s with minReady 600s) must be longer than minReady: the API server refuses a deadline a new pod cannot meet; raise progressDeadline above 600s, such as Duration.seconds(1200)"],
  ['custom profile progressDeadline not above minReady', () => EnvironmentProfile.custom({ name: 'qa', minReady: Duration.minutes(20), progressDeadline: Duration.minutes(10) }),
    "EnvironmentProfile qa: 'progressDeadline' (600s with minReady 1200s) must be longer than minReady: the API server refuses a deadline a new pod cannot meet; raise progressDeadline or lower minReady"],
  ['LimitRange request above limit', () => new HardenedNamespace(chart(), 'Ns', { name: 'shop', containerDefaults: { cpuRequest: Cpu.units(2), cpuLimit: Cpu.millis(500), memoryRequest: Size.mebibytes(128), memoryLimit: Size.mebibytes(512) } }),
    "test/Ns: 'containerDefaults.cpuRequest' (2 with cpuLimit 500m) must not exceed cpuLimit; lower the request or raise the limit"],
  ['empty preStop command', gateway({ preStopCommand: [] }),
    "test/Api: 'preStopCommand' ([]) must be a command with a non-empty program and arguments; leave it unset for the preStop sleep, or give a command such as [\"/bin/drain\"]"],
  ['time zone that does not exist', () => new BackupCronJob(chart(), 'Backup', { name: 'backup', schedule: '0 2 * * *', image: 'postgres:16.4-alpine', volumeClaimName: 'backups', timeZone: 'Mars/Olympus', source: BackupSource.postgres({ host: 'db', database: 'd', user: 'u', passwordSecret: { secretName: 's', key: 'k' } }) }),
    "test/Backup: 'timeZone' (\"Mars/Olympus\") must be an IANA time zone such as Etc/UTC or Europe/Paris, spelt as the database spells it; use a name of the IANA database, such as Etc/UTC or Europe/Berlin"],
  ['PVC name', () => new BackupCronJob(chart(), 'Backup', { name: 'backup', schedule: '0 2 * * *', image: 'postgres:16.4-alpine', volumeClaimName: 'Backups!', source: BackupSource.postgres({ host: 'db', database: 'd', user: 'u', passwordSecret: { secretName: 's', key: 'k' } }) }),
    "test/Backup: 'volumeClaimName' (\"Backups!\") must be a DNS-1123 subdomain: dot-separated lowercase labels of letters, digits and '-'; use the PersistentVolumeClaim's name as kubectl get pvc shows it"],
  ['two ports named metrics', gateway({ portName: 'metrics', metricsPort: 9090 }),
    "test/Api: 'portName' (\"metrics\") must differ from the name of the separate metrics port (metrics): two container ports cannot share a name; name the serving port http"],
  ['maxSurge NaN', gateway({ maxSurge: PercentOrAbsolute.absolute(NaN) }),
    "test/Api: 'maxSurge' (NaN) must be a whole number of pods or a percentage from 0% to 100%; use PercentOrAbsolute.absolute(1) or PercentOrAbsolute.percent(25)"],
  ['Ingress Service name', () => new TlsIngress(chart(), 'Ingress', { name: 'api', host: 'api.example.com', serviceName: '9api', tlsSecretName: 'api-tls' }),
    "test/Ingress: 'serviceName' (\"9api\") must be a DNS-1035 label: lowercase letters, digits and '-', starting with a letter and ending with a letter or digit; use the name of the Service the Ingress sends traffic to"],
  ['Gateway host name', () => new VersionedApi(chart(), 'Api', { name: 'api', gateway: { gatewayName: 'public', hostnames: ['API.example.com'] }, versions: [{ version: 'v1', serviceName: 'api' }, { version: 'v2', serviceName: 'api' }] }),
    "test/Api: 'gateway.hostnames[0]' (\"API.example.com\") must be a DNS-1123 subdomain: dot-separated lowercase labels of letters, digits and '-'; use a host name such as api.example.com"],
  ['canary Ingress host', () => new CanaryRelease(chart(), 'Chat', { name: 'chat', profile: production, release: CanaryState.of('f', { stableImage: IMAGE }), traffic: CanaryTraffic.nginx({ host: 'chat' }) }),
    "test/Chat: 'traffic.ingress.host' (\"chat\") must be a fully qualified host name such as api.example.com; use the public host name, such as chat.example.com"],
  ['NetworkPolicy selector key', () => new NetworkIsolation(chart(), 'Isolation', { name: 'db', podSelector: { 'app name': 'db' }, ports: [5432] }),
    "test/Isolation: 'podSelector' (\"app name\") must have a name part of letters, digits, '-', '_' and '.', starting and ending with a letter or digit; use a label key such as team or example.com/team"],
  ['monitor label value', () => { const c = chart(); const api = new GatewayDeployment(c, 'Api', { name: 'api', image: IMAGE, profile: production }); return new WorkloadMonitor(c, 'Monitor', { target: api, monitorLabels: { release: 'kube prometheus' } }); },
    "test/Monitor: 'monitorLabels.release' (\"kube prometheus\") must be a label value: letters, digits, '-', '_' and '.', starting and ending with a letter or digit; use at most 63 letters, digits, '-', '_' and '.'"],
  ['instance label', gateway({ instance: 'Api Gateway' }),
    "test/Api: 'instance' (\"Api Gateway\") must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit; use lowercase letters, digits and '-', such as api-eu"],
  ['migration env secret', () => new MigrationJob(chart(), 'Migration', { name: 'shop', image: IMAGE, command: ['migrate'], profile: production, env: { DATABASE_URL: 'postgres://app:pw@db/app' } }),
    "test/Migration: 'env.DATABASE_URL' (<redacted>, a URL with a password) must not hold a secret: a plain env value is written into the manifest in clear text; read it from a Secret: secretEnv: [{ name: 'DATABASE_URL', secretName: '<secret>', key: '<key>' }]"],
];
describe('bad input never becomes a manifest', () => {
  test.each(CASES)('%s', (_name, build, message) => {
    expect(build).toThrow(message);
  });
});
