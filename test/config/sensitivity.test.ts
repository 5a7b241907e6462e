import { createHash } from 'crypto';
import * as fc from 'fast-check';
import { looksSensitive, nameWords, secretLines, secretValueKind } from '../../src/core/secret-detection';

describe('looksSensitive', () => {
  test.each([
    'JWT_SECRET', 'CLIENT_SECRET', 'GITHUB_TOKEN', 'DB_PASSWORD', 'SMTP_PASSWD', 'MYSQL_PWD', 'GPG_PASSPHRASE',
    'AWS_CREDENTIALS', 'STRIPE_API_KEY', 'TLS_PRIVATE_KEY', 'AWS_ACCESS_KEY_ID', 'SENTRY_DSN', 'SIGNING_KEY', 'JWT_KEY',
    'password', 'APIKEY',
  ])('%s by name', (key) => {
    expect(looksSensitive(key, 'x')).toBe(true);
  });

  test.each([
    'LOG_LEVEL', 'CACHE_KEY_PREFIX', 'PROXY_POOL_MAXSIZE', 'TOKENIZER_MODEL', 'KEYCLOAK_URL', 'WSGI_WORKERS',
  ])('%s is not sensitive by name', (key) => {
    expect(looksSensitive(key, 'plain')).toBe(false);
  });

  test('errs on the side of caution: a setting about passwords counts as one (list it in notSensitiveKeys)', () => {
    expect(looksSensitive('PASSWORD_MIN_LENGTH', '12')).toBe(true);
  });

  test.each([
    ['DATABASE_URL', 'postgresql://gateway:pw@postgres:5432/db', true],
    ['REDIS_URL', 'redis://:pw@redis:6379', true],
    ['REDIS_URL', 'redis://redis:6379', false],
    ['CONSUL_URL', 'http://consul:8500', false],
    ['TLS_CERT', '-----BEGIN PRIVATE KEY-----', true],
  ])('%s=%s by value', (key, value, expected) => {
    expect(looksSensitive(key, value)).toBe(expected);
  });
});

describe('secrets by name, in any case style', () => {
  test.each([
    'AUTH_TOKEN', 'dbPassword', 'db-password', 'DJANGO_SECRETKEY', 'SMTP_PASS', 'GITHUB_PAT', 'clientSecret', 'appSecrets', 'DBPASSWORD', 'x.api.key',
  ])('%s', (key) => {
    expect(looksSensitive(key, 'x')).toBe(true);
  });

  test('words of a name whatever its style', () => {
    expect(nameWords('dbPassword')).toEqual(['DB', 'PASSWORD']);
    expect(nameWords('HTTPServerURL')).toEqual(['HTTPSERVER', 'URL']);
    expect(nameWords('db-password.v2')).toEqual(['DB', 'PASSWORD', 'V2']);
  });
});

// Credential-shaped values, built here from their documented formats (gitleaks' rule list),
// not taken from the detector; none is a real credential.
const fake = (alphabet: string, n: number, seed = 7) => Array.from({ length: n }, (_, i) => alphabet[(i * seed + 3) % alphabet.length]).join('');
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

describe('secrets by value', () => {
  test.each([
    ['AUTH_HEADER', `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.${fake(ALNUM, 20)}`, 'a JSON Web Token'],
    ['GH', `ghp_${fake(ALNUM, 36)}`, 'a GitHub token'],
    ['STRIPE', `sk_live_${fake(ALNUM, 24)}`, 'a Stripe key'],
    ['JDBC', 'jdbc:postgresql://db:5432/app;user=app;password=hunter2', 'a password in a URL or connection string'],
    ['URL', 'see postgres://app:pw@db/app for details', 'a URL with a password'],
    ['REDIS', 'redis://redis:6379/0?password=hunter2', 'a password in a URL or connection string'],
    ['WRAPPED', `${fake(ALNUM + '+/', 40, 11)}\
${fake(ALNUM, 24, 13)}==`, 'a high-entropy token'],
    ['AWS', `AKIA${fake('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`, 'an AWS access key id'],
    ['SLACK', `xoxb-${fake('0123456789', 12)}-${fake(ALNUM, 24)}`, 'a Slack token'],
  ])('%s', (key, value, kind) => {
    expect(secretValueKind(value)).toBe(kind);
    expect(looksSensitive(key, value)).toBe(true);
  });

  test.each([
    'http://consul:8500', 'info', 'registry.local/chat-service:2.0.0-c0ffee1', 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    '123e4567-e89b-12d3-a456-426614174000', 'a sentence with several ordinary words in it, nothing secret at all', '/var/lib/app/data/cache',
    'projects/my-project-123456/locations/europe-west1', 'my-service-name-2024-production-eu-west-1', 'kafka-broker-0.kafka-headless.chat-app.svc.cluster.local',
    'ABCDEF0123456789ABCDEF0123456789ABCDEF01',
  ])('%s is no secret', (value) => {
    expect(secretValueKind(value)).toBeUndefined();
  });

  test('property: random base64 of 32 bytes or more is found, whatever it is named', () => {
    // Uniform bytes from a seed (a hash of it): a key or token, not fast-check's shrinkable zeros.
    const uniformBytes = (seed: number, n: number) => createHash('sha512').update(String(seed)).digest().subarray(0, n);
    fc.assert(fc.property(fc.integer({ min: 1 }), fc.integer({ min: 32, max: 64 }), (seed, n) => {
      const token = Buffer.from(uniformBytes(seed, n)).toString('base64');
      fc.pre(/[0-9]/.test(token) && /[a-z]/.test(token) && /[A-Z]/.test(token));
      expect(looksSensitive('SETTING', token)).toBe(true);
    }), { numRuns: 200 });
  });

  test('lines of a mounted file: assignments to sensitive names and secret-shaped values, placeholders left alone', () => {
    const content = ['server:', '  port: 8080', '  password: hunter2', '  token: ${API_TOKEN}', `  key: ghp_${fake(ALNUM, 36)}`, 'dbPassword = <set in the Secret>'].join('\n');
    expect(secretLines(content)).toEqual([{ line: 3, reason: 'the name says PASSWORD' }, { line: 5, reason: 'a GitHub token' }]);
  });
});
