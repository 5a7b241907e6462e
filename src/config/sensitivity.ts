/** Name parts that make a key sensitive wherever they appear (`DB_PASSWORD`, `GITHUB_TOKEN`). */
const SENSITIVE_WORDS = new Set([
  'SECRET', 'SECRETS', 'TOKEN', 'TOKENS', 'PASSWORD', 'PASSWORDS', 'PASSWD', 'PWD', 'PASSPHRASE',
  'CREDENTIAL', 'CREDENTIALS', 'APIKEY', 'DSN',
]);

/** Word pairs that make a key sensitive (`STRIPE_API_KEY`, `TLS_PRIVATE_KEY`). */
const SENSITIVE_PAIRS = new Set(['API KEY', 'PRIVATE KEY', 'ACCESS KEY', 'SIGNING KEY', 'ENCRYPTION KEY', 'MASTER KEY', 'SESSION KEY', 'AUTH KEY']);

/** A URL with a password in its user info: `postgres://user:pass@host/db`. */
const URL_WITH_PASSWORD = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/\s:@]*:[^@\s]+@/;

/**
 * Whether a key holds a secret, judged by its name (SECRET, TOKEN, PASSWORD, API_KEY,
 * PRIVATE_KEY, CREDENTIAL, a trailing _KEY, ...) or by its value (a URL with a password, a PEM
 * block). The explicit lists of ConfigLayers override this judgement.
 */
export function looksSensitive(key: string, value: string): boolean {
  const words = key.toUpperCase().split('_').filter((w) => w !== '');
  if (words.some((w) => SENSITIVE_WORDS.has(w))) return true;
  for (let i = 0; i + 1 < words.length; i++) {
    if (SENSITIVE_PAIRS.has(`${words[i]} ${words[i + 1]}`)) return true;
  }
  if (words.length > 1 && words[words.length - 1] === 'KEY') return true;
  return URL_WITH_PASSWORD.test(value) || value.includes('-----BEGIN');
}
