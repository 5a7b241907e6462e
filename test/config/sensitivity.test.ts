import { looksSensitive } from '../../src/config/sensitivity';

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
