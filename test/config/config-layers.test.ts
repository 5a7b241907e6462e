import * as fs from 'fs';
import * as path from 'path';
import { Chart, Duration, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { ConfigLayers, ConfigLayersProps, EnvironmentProfile, GatewayDeployment, SecretSource, SecretStoreKind } from '../../src';
import { envDir } from '../support/env-dir';
import { KubeObject } from '../support/schema';
import { findAll, findOne, synthValid } from '../support/synth';

const IMAGE = 'ghcr.io/example/api:1.0.0-abcdef1';

const FILES = {
  '.env': [
    'LOG_LEVEL=info',
    'WSGI_GRACEFUL_TIMEOUT=30',
    'PROXY__TIMEOUT__READ=10',
    'PROXY__TIMEOUT__CONNECT=5',
    'CACHE_ENABLED=true',
    'API_TOKEN=test-token-value-1',
  ].join('\n'),
  '.env.production': [
    'LOG_LEVEL=warn',
    'PROXY__TIMEOUT__READ=30',
    'DATABASE_URL=postgresql://app:test-db-pw-2@db:5432/app',
  ].join('\n'),
};

function build(files: { [name: string]: string } = FILES, props: Partial<ConfigLayersProps> = {}, environment = 'production') {
  const chart = Testing.chart();
  const config = new ConfigLayers(chart, 'Config', { name: 'api-config', directory: envDir(files), environment, ...props });
  const gateway = new GatewayDeployment(chart, 'Api', {
    name: 'api',
    image: IMAGE,
    profile: EnvironmentProfile.fromName(environment),
    config,
    drainTimeout: config.getDuration('WSGI_GRACEFUL_TIMEOUT'),
  });
  return { chart, config, gateway, objects: synthValid(chart) };
}

function expectError(action: () => unknown, message: string) {
  expect(action).toThrow(message);
}

describe('ConfigLayers', () => {
  test('defaults: hashed immutable ConfigMap, Secret references, redacted snapshot', () => {
    const { objects } = build();
    expect(objects.filter((o) => o.kind === 'ConfigMap' || o.kind === 'Deployment')).toMatchSnapshot();
  });

  describe('the ConfigMap', () => {
    const { config, objects } = build();
    const configMap = findOne(objects, 'ConfigMap');

    test('holds flattened non-sensitive keys, the tree and the snapshot, and nothing sensitive', () => {
      expect(configMap.immutable).toBe(true);
      expect(configMap.metadata.name).toMatch(/^api-config-[0-9a-f]{10}$/);
      expect(configMap.metadata.name).toBe(config.configMapName);
      expect(Object.keys(configMap.data).sort()).toEqual([
        'CACHE_ENABLED', 'CONFIG_SNAPSHOT', 'HIERARCHICAL_CONFIG', 'LOG_LEVEL', 'PROXY_TIMEOUT_CONNECT', 'PROXY_TIMEOUT_READ', 'WSGI_GRACEFUL_TIMEOUT',
      ]);
      expect(configMap.data.LOG_LEVEL).toBe('warn');
      expect(configMap.data.PROXY_TIMEOUT_READ).toBe('30');
      expect(JSON.parse(configMap.data.HIERARCHICAL_CONFIG)).toEqual({ proxy: { timeout: { connect: '5', read: '30' } } });
      expect(JSON.stringify(objects)).not.toContain('test-token-value-1');
      expect(JSON.stringify(objects)).not.toContain('test-db-pw-2');
    });

    test('names the Secret and the keys it must hold', () => {
      expect(configMap.metadata.annotations).toEqual({
        'zero-downtime.cdk8s.io/secret': 'api-config-secrets',
        'zero-downtime.cdk8s.io/required-secret-keys': 'API_TOKEN,DATABASE_URL',
      });
      expect(config.requiredSecretKeys).toEqual(['API_TOKEN', 'DATABASE_URL']);
    });

    test('pods read it through envFrom and the secrets through secretKeyRef (Secret beats ConfigMap)', () => {
      const container = findOne(objects, 'Deployment').spec.template.spec.containers[0];
      expect(container.envFrom).toEqual([{ configMapRef: { name: config.configMapName } }]);
      expect(container.env).toEqual([
        { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'api-config-secrets', key: 'API_TOKEN' } } },
        { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'api-config-secrets', key: 'DATABASE_URL' } } },
      ]);
    });

    test('the snapshot lists every key with its layer and redacts sensitive values', () => {
      expect(JSON.parse(configMap.data.CONFIG_SNAPSHOT)).toEqual([
        { key: 'API_TOKEN', layer: '.env', value: '<redacted>' },
        { key: 'CACHE_ENABLED', layer: '.env', value: 'true' },
        { key: 'DATABASE_URL', layer: '.env.production', value: '<redacted>' },
        { key: 'LOG_LEVEL', layer: '.env.production', value: 'warn' },
        { key: 'PROXY_TIMEOUT_CONNECT', layer: '.env', value: '5' },
        { key: 'PROXY_TIMEOUT_READ', layer: '.env.production', value: '30' },
        { key: 'WSGI_GRACEFUL_TIMEOUT', layer: '.env', value: '30' },
      ]);
      const file = JSON.parse(config.redactedSnapshot());
      expect(file.keys[2]).toEqual({ key: 'DATABASE_URL', layer: '.env.production', source: `${path.basename(file.keys[2].source.split('/')[0])}/.env.production:3`, value: '<redacted>' });
      expect(config.redactedSnapshot()).not.toMatch(/test-token-value-1|test-db-pw-2/);
    });
  });

  describe('rolling on change (ZD008)', () => {
    const diff = (a: KubeObject[], b: KubeObject[]) => a
      .map((o, i) => [o, b[i]] as const)
      .filter(([x, y]) => JSON.stringify(x) !== JSON.stringify(y))
      .map(([x, y]) => `${x.kind}/${x.metadata?.name}->${y.metadata?.name}`);

    test('changing nothing changes nothing', () => {
      expect(build().objects).toEqual(build().objects);
    });

    test('changing one value changes exactly the ConfigMap name and the pod template that uses it', () => {
      // GIVEN
      const before = build().objects;
      // WHEN
      const after = build({ ...FILES, '.env.production': FILES['.env.production'].replace('LOG_LEVEL=warn', 'LOG_LEVEL=error') }).objects;
      // THEN
      expect(diff(before, after)).toEqual([
        `ConfigMap/${findOne(before, 'ConfigMap').metadata.name}->${findOne(after, 'ConfigMap').metadata.name}`,
        'Deployment/api->api',
      ]);
      const [d1, d2] = [findOne(before, 'Deployment'), findOne(after, 'Deployment')];
      expect({ ...d1.spec, template: undefined }).toEqual({ ...d2.spec, template: undefined });
      expect(d2.spec.template.spec.containers[0].envFrom).toEqual([{ configMapRef: { name: findOne(after, 'ConfigMap').metadata.name } }]);
    });

    test('changing a sensitive value changes nothing rendered (the Secret holds it)', () => {
      const before = build().objects;
      const after = build({ ...FILES, '.env': FILES['.env'].replace('test-token-value-1', 'test-token-value-9') }).objects;
      expect(after).toEqual(before);
    });

    test('the grace period follows WSGI_GRACEFUL_TIMEOUT from the layers', () => {
      const grace = (files: { [name: string]: string }) => findOne(build(files).objects, 'Deployment').spec.template.spec.terminationGracePeriodSeconds;
      expect(grace(FILES)).toBe(15 + 30 + 5);
      expect(grace({ ...FILES, '.env.production': `${FILES['.env.production']}\nWSGI_GRACEFUL_TIMEOUT=90` })).toBe(15 + 90 + 5);
    });
  });

  describe('layers', () => {
    test('precedence: defaults < .env < .env.local < .env.<env> < .env.<env>.local < process.env < overrides', () => {
      process.env.ZD_TEST_FROM_PROCESS = 'process';
      try {
        const { config } = build({
          '.env': 'A=env\nB=env\nC=env\nD=env\nE=env\nF=env',
          '.env.local': 'B=local\nC=local\nD=local\nE=local\nF=local',
          '.env.production': 'C=production\nD=production\nE=production\nF=production\nWSGI_GRACEFUL_TIMEOUT=1',
          '.env.production.local': 'D=production.local\nE=production.local\nF=production.local\nZD_TEST_FROM_PROCESS=file',
        }, { defaults: { A: 'default', G: 'default' }, overrides: { F: 'override' }, processEnv: { allow: ['ZD_TEST_FROM_PROCESS'] } });
        expect(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'ZD_TEST_FROM_PROCESS'].map((k) => config.getString(k)))
          .toEqual(['env', 'local', 'production', 'production.local', 'production.local', 'override', 'default', 'process']);
        expect(config.keys.find((k) => k.key === 'ZD_TEST_FROM_PROCESS')?.layer).toBe('process.env');
      } finally {
        delete process.env.ZD_TEST_FROM_PROCESS;
      }
    });

    test('the machine environment is read only when asked, by allowlist or prefix', () => {
      process.env.ZD_PREFIXED_VALUE = 'from-machine';
      try {
        const files = { ...FILES };
        expect(build(files).config.tryGetString('ZD_PREFIXED_VALUE')).toBeUndefined();
        expect(build(files, { processEnv: { prefix: 'ZD_PREFIXED_' } }).config.getString('ZD_PREFIXED_VALUE')).toBe('from-machine');
      } finally {
        delete process.env.ZD_PREFIXED_VALUE;
      }
    });

    test('missing optional files are fine; a missing directory is an error', () => {
      expect(build({ '.env': 'WSGI_GRACEFUL_TIMEOUT=5' }).config.getInteger('WSGI_GRACEFUL_TIMEOUT')).toBe(5);
      const chart = Testing.chart();
      expectError(() => new ConfigLayers(chart, 'Config', { name: 'c', directory: '/nonexistent/env', environment: 'staging' }),
        "test/Config: 'directory' (/nonexistent/env) must be an existing directory of .env files; create it or point directory at it");
    });

    test('a malformed line names the construct, the file and the line', () => {
      const dir = envDir({ '.env': 'A=1', '.env.staging': 'B=2\nthis is not valid' });
      const chart = Testing.chart();
      expectError(() => new ConfigLayers(chart, 'Config', { name: 'c', directory: dir, environment: 'staging' }),
        `test/Config: ${path.basename(dir)}/.env.staging:2: malformed line; expected KEY=value (the line has no '=' after a name)`);
    });

    test('a leaf that is also a branch names both sources', () => {
      const dir = envDir({ '.env': 'PROXY=on', '.env.staging': 'PROXY__TIMEOUT=3' });
      const chart = Testing.chart();
      expectError(() => new ConfigLayers(chart, 'Config', { name: 'c', directory: dir, environment: 'staging' }),
        `test/Config: PROXY (${path.basename(dir)}/.env:1) is a value, but PROXY__TIMEOUT (${path.basename(dir)}/.env.staging:1) makes it a branch; rename one of them`);
    });

    test('property: layering is last-wins, key by key', () => {
      const key = fc.constantFrom('A', 'B', 'C', 'D');
      const layer = fc.dictionary(key, fc.stringMatching(/^[a-z0-9]{1,6}$/));
      const six = fc.tuple(layer, layer, layer, layer, layer, layer);
      fc.assert(fc.property(six, ([defaults, env, local, environment, environmentLocal, overrides]) => {
        const toFile = (values: { [k: string]: string }) => Object.entries(values).map(([k, v]) => `${k}=${v}`).join('\n');
        const chart = Testing.chart();
        const config = new ConfigLayers(chart, 'Config', {
          name: 'c',
          environment: 'staging',
          defaults,
          overrides,
          directory: envDir({ '.env': toFile(env), '.env.local': toFile(local), '.env.staging': toFile(environment), '.env.staging.local': toFile(environmentLocal) }),
        });
        for (const k of ['A', 'B', 'C', 'D']) {
          const inOrder = [defaults, env, local, environment, environmentLocal, overrides];
          const expected = inOrder.reduce<string | undefined>((v, l) => l[k] ?? v, undefined);
          expect(config.tryGetString(k)).toBe(expected);
        }
      }), { numRuns: 60 });
    });
  });

  describe('sensitive values', () => {
    test('explicit lists override detection; a key in both is an error', () => {
      const { config } = build(FILES, { sensitiveKeys: ['LOG_LEVEL'], notSensitiveKeys: ['API_TOKEN'] });
      expect(config.requiredSecretKeys).toEqual(['DATABASE_URL', 'LOG_LEVEL']);
      expect(config.getString('API_TOKEN')).toBe('test-token-value-1');
      expectError(() => build(FILES, { sensitiveKeys: ['X'], notSensitiveKeys: ['X'] }),
        "test/Config: 'notSensitiveKeys' (X) must not also be in sensitiveKeys; keep the key in one of the two lists");
    });

    test('sensitiveKeys in the hierarchical form name the flattened key', () => {
      const { config } = build(FILES, { sensitiveKeys: ['PROXY__TIMEOUT__READ'] });
      expect(config.requiredSecretKeys).toContain('PROXY_TIMEOUT_READ');
    });

    test('secrets found by value stay out of the ConfigMap and the snapshot, whatever their name', () => {
      const token = ['ghp', 'Z'.repeat(12) + '0123456789abcdefghijklmn'].join('_');
      const { config, objects } = build({ ...FILES, '.env.production': `${FILES['.env.production']}\nAUTH_HEADER=${token}\ndbPassword=x\nJDBC=jdbc:mysql://db/app?user=app&password=pw1` });
      expect(config.requiredSecretKeys).toEqual(expect.arrayContaining(['AUTH_HEADER', 'dbPassword', 'JDBC']));
      const configMap = JSON.stringify(objects.filter((o) => o.kind === 'ConfigMap'));
      expect(configMap).not.toContain(token);
      expect(configMap).not.toContain('password=pw1');
    });

    test('a mounted file that holds a secret is refused, naming the line but not the value', () => {
      expectError(() => build(FILES, { files: [{ fileName: 'config.yaml', content: 'server:\n  port: 8080\ndatabase:\n  password: hunter2\n' }] }),
        "test/Config: 'files' (config.yaml line 4, the name says PASSWORD) must not hold a secret: mounted files are written into a ConfigMap in clear text; keep the secret in a Secret and let the file refer to it (${DB_PASSWORD}), or mount that file from a Secret");
    });

    test('reading a sensitive value at synth time fails without showing it', () => {
      const { config } = build();
      expectError(() => config.getString('DATABASE_URL'),
        "test/Config: 'DATABASE_URL' (<redacted> from ");
      try {
        config.getString('DATABASE_URL');
      } catch (e) {
        expect((e as Error).message).not.toContain('test-db-pw-2');
        expect((e as Error).message).toMatch(/is sensitive and reaches pods only through a Secret, never at synth time; read it in the app from its environment variable, or list it in notSensitiveKeys if it is not a secret$/);
      }
    });

    test('Secret key names can differ from variable names (seed 004)', () => {
      const { objects } = build(FILES, { secrets: SecretSource.existingSecret('api-gateway-secrets'), secretKeys: { API_TOKEN: 'api-token' } });
      expect(findOne(objects, 'Deployment').spec.template.spec.containers[0].env[0])
        .toEqual({ name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'api-gateway-secrets', key: 'api-token' } } });
    });

    test('ExternalSecret from a named store', () => {
      const { objects } = build(FILES, {
        secrets: SecretSource.externalSecret({ storeName: 'vault', storeKind: SecretStoreKind.SECRET_STORE, remoteKey: 'apps/api', refreshInterval: Duration.minutes(15) }),
      });
      expect(findOne(objects, 'ExternalSecret').spec).toEqual({
        refreshInterval: '900s',
        secretStoreRef: { name: 'vault', kind: 'SecretStore' },
        target: { name: 'api-config-secrets', creationPolicy: 'Owner' },
        data: [
          { secretKey: 'API_TOKEN', remoteRef: { key: 'apps/api', property: 'API_TOKEN' } },
          { secretKey: 'DATABASE_URL', remoteRef: { key: 'apps/api', property: 'DATABASE_URL' } },
        ],
      });
    });

    test('inline Secret in development by opt-in, base64 encoded', () => {
      const { objects } = build({ '.env': 'WSGI_GRACEFUL_TIMEOUT=30\nAPI_TOKEN=dev-token' }, { secrets: SecretSource.inlineForDevelopment() }, 'development');
      expect(findOne(objects, 'Secret').data).toEqual({ API_TOKEN: Buffer.from('dev-token').toString('base64') });
    });

    test('inline Secret outside development', () => {
      expectError(() => build(FILES, { secrets: SecretSource.inlineForDevelopment() }, 'staging'),
        "test/Config: 'secrets' (inline in staging) must not render Secret values outside development; use SecretSource.existingSecret() or SecretSource.externalSecret()");
    });
  });

  describe('typed reads', () => {
    const { config } = build({
      '.env': 'WSGI_GRACEFUL_TIMEOUT=30\nWORKERS=4\nBAD_INT=4.5\nFLAG=Yes\nBAD_FLAG=maybe\nTTL=5m\nMS=250ms\nISO=PT1M30S\nBAD_TTL=soon',
    });

    test('integers, booleans and durations', () => {
      expect(config.getInteger('WORKERS')).toBe(4);
      expect(config.getBoolean('FLAG')).toBe(true);
      expect(config.getDuration('TTL').toSeconds()).toBe(300);
      expect(config.getDuration('MS').toMilliseconds()).toBe(250);
      expect(config.getDuration('ISO').toSeconds()).toBe(90);
      expect(config.getDuration('WSGI_GRACEFUL_TIMEOUT').toSeconds()).toBe(30);
    });

    test.each([
      [() => config.getInteger('BAD_INT'), "'BAD_INT' (4.5 from", 'must be a whole number; fix the value in'],
      [() => config.getBoolean('BAD_FLAG'), "'BAD_FLAG' (maybe from", 'must be a boolean (true/false, 1/0, yes/no, on/off); fix the value in'],
      [() => config.getDuration('BAD_TTL'), "'BAD_TTL' (soon from", 'must be a duration such as 30, 30s, 5m, 1h or PT30S; fix the value in'],
    ])('bad values name the file and line', (read, start, end) => {
      expect(read).toThrow(new RegExp(`^test/Config: ${start.replace(/[()]/g, '\\$&')} zd-env-\\w+/\\.env:\\d+\\) ${end.replace(/[()]/g, '\\$&')} zd-env-\\w+/\\.env:\\d+$`));
    });

    test('a missing key', () => {
      expectError(() => config.getInteger('NOPE'),
        "test/Config: 'NOPE' (not set) must be set in one of .env, .env.local, .env.production, .env.production.local or in code; add NOPE=<value> to .env or .env.production");
    });
  });

  describe('config files (seed 004)', () => {
    test('mounted read-only from their own hashed ConfigMap', () => {
      const { objects } = build(FILES, { files: [{ fileName: 'config.yaml', content: 'server:\n  port: 8080\n' }], filesMountPath: '/app/configs' });
      const files = findAll(objects, 'ConfigMap').find((c) => c.metadata.name.startsWith('api-config-files-'));
      expect(files.immutable).toBe(true);
      expect(files.data).toEqual({ 'config.yaml': 'server:\n  port: 8080\n' });
      const pod = findOne(objects, 'Deployment').spec.template.spec;
      expect(pod.volumes).toContainEqual({ name: 'config-files', configMap: { name: files.metadata.name } });
      expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'config-files', mountPath: '/app/configs', readOnly: true });
    });

    test('an invalid file name', () => {
      expectError(() => build(FILES, { files: [{ fileName: '../escape.yaml', content: '' }] }),
        "test/Config: 'files' (../escape.yaml) must be a unique file name of letters, digits, ., - and _; rename the file");
    });
  });

  test('a variable set both in env and in the layers is refused', () => {
    const chart = Testing.chart();
    const config = new ConfigLayers(chart, 'Config', { name: 'c', directory: envDir({ '.env': 'LOG_LEVEL=info' }), environment: 'staging' });
    expectError(() => new GatewayDeployment(chart, 'Api', { name: 'api', image: IMAGE, config, env: { LOG_LEVEL: 'debug' } }),
      "test/Api: 'env' (LOG_LEVEL) must not also come from the configuration ConfigMap (env silently wins over envFrom); set it in one place: remove it from env or from the .env layers");
  });

  test('writes the redacted snapshot beside the manifests', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    new ConfigLayers(chart, 'Config', { name: 'api-config', directory: envDir(FILES), environment: 'production' });
    app.synth();
    ConfigLayers.writeSnapshots(app);
    const written = fs.readFileSync(path.join(app.outdir, 'api-config.config-snapshot.json'), 'utf8');
    expect(JSON.parse(written).keys.map((k: { value: string }) => k.value)).toContain('<redacted>');
    expect(written).not.toMatch(/test-token-value-1|test-db-pw-2/);
  });
});
