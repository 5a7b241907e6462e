/**
 * Whether a configuration value is a secret, judged by its name and by its value. Names are
 * split into words whatever their case style (`DB_PASSWORD`, `dbPassword`, `db-password`,
 * `DJANGO_SECRETKEY`). Values are matched against the formats of well-known credentials, as
 * gitleaks' rule list describes them (provider tokens with fixed prefixes, JWTs, private keys,
 * credentials inside URLs and connection strings), and a generic high-entropy test for tokens
 * of no known format. Every result names the kind of secret found, never the value.
 */

/**
 * Name parts that make a key sensitive, also at the end of a longer word (`DBPASSWORD`,
 * `AUTHTOKEN`) or with a plural or KEY after them (`SECRETS`, `SECRETKEY`), but not as the start
 * of another word (`TOKENIZER`).
 */
const SENSITIVE_STEMS = ['SECRET', 'TOKEN', 'PASSWORD', 'PASSWD', 'PASSPHRASE', 'CREDENTIAL', 'APIKEY', 'PRIVATEKEY', 'ACCESSKEY'];

/** Whole name parts that make a key sensitive (`SMTP_PASS`, `GITHUB_PAT`, `SENTRY_DSN`). */
const SENSITIVE_WORDS = new Set(['PASS', 'PWD', 'PAT', 'DSN', 'CREDS']);

/** Word pairs that make a key sensitive (`STRIPE_API_KEY`, `TLS_PRIVATE_KEY`). */
const SENSITIVE_PAIRS = new Set(['API KEY', 'PRIVATE KEY', 'ACCESS KEY', 'SIGNING KEY', 'ENCRYPTION KEY', 'MASTER KEY', 'SESSION KEY', 'AUTH KEY', 'CLIENT SECRET']);

/** Credential formats with a fixed shape: what each is, and how it looks. */
const VALUE_RULES: Array<[string, RegExp]> = [
  ['a private key', /-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----/],
  ['a PEM block', /-----BEGIN [A-Z0-9 ]+-----/],
  ['a JSON Web Token', /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/],
  ['a GitHub token', /\b(gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})/],
  ['a GitLab token', /\bglpat-[A-Za-z0-9_-]{20,}/],
  ['a Stripe key', /\b(sk|rk)_(live|test)_[A-Za-z0-9]{10,}/],
  ['a Slack token', /\bxox[abposr]-[A-Za-z0-9-]{10,}/],
  ['a Slack webhook', /hooks\.slack\.com\/services\/[A-Za-z0-9/]+/],
  ['an AWS access key id', /\b(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/],
  ['a Google API key', /\bAIza[0-9A-Za-z_-]{35}/],
  ['an npm token', /\bnpm_[A-Za-z0-9]{36}/],
  ['a SendGrid key', /\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/],
  ['an OpenAI key', /\bsk-(proj-)?[A-Za-z0-9_-]{20,}/],
  ['a URL with a password', /[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/\s:@]*:[^@\s/]+@/],
  ['a password in a URL or connection string', /[?&;]\s*(password|passwd|pwd|secret|token|access_token|api_?key)\s*=\s*[^&;\s]+/i],
  ['a bearer credential', /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/-]{16,}=*/],
];

/** Characters of a token as encoders write it (base64, base64url, hex). */
const TOKEN = /[A-Za-z0-9+/_=-]{32,}/g;

/** Shannon entropy in bits per character. */
function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** The words of a name in any case style: `dbPassword` and `DB-PASSWORD` are both DB, PASSWORD. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter((w) => w !== '');
}

/** Why a name marks its value as a secret, or undefined. */
export function sensitiveName(name: string): string | undefined {
  const words = nameWords(name);
  const stem = words.find((w) => SENSITIVE_STEMS.some((s) => w.endsWith(s) || w === `${s}S` || w === `${s}KEY`));
  if (stem) return `the name says ${stem}`;
  const word = words.find((w) => SENSITIVE_WORDS.has(w));
  if (word) return `the name says ${word}`;
  for (let i = 0; i + 1 < words.length; i++) {
    if (SENSITIVE_PAIRS.has(`${words[i]} ${words[i + 1]}`)) return `the name says ${words[i]}_${words[i + 1]}`;
  }
  if (words.length > 1 && words[words.length - 1] === 'KEY') return 'the name ends in KEY';
  return undefined;
}

/** What kind of secret a value holds, or undefined. Lines are joined first: a token wrapped onto the next line is still one token. */
export function secretValueKind(value: string): string | undefined {
  for (const [kind, pattern] of VALUE_RULES) {
    if (pattern.test(value)) return kind;
  }
  const joined = value.replace(/\\?\r?\n\s*/g, '');
  for (const token of joined.match(TOKEN) ?? []) {
    // Encoded keys mix upper and lower case with digits; names, paths and host names are
    // lower case, hashes and UUIDs are hex (at most 4 bits per character). 32 random bytes in
    // base64 carry about 4.2 bits or more: above 4 is the bar.
    if (/[0-9]/.test(token) && /[a-z]/.test(token) && /[A-Z]/.test(token) && !/^[0-9a-fA-F-]+$/.test(token) && entropy(token) > 4.0) return 'a high-entropy token';
  }
  return undefined;
}

/** Why a key and its value are a secret, or undefined. */
export function secretReason(key: string, value: string): string | undefined {
  return sensitiveName(key) ?? secretValueKind(value);
}

/** Whether a key and its value are a secret. */
export function looksSensitive(key: string, value: string): boolean {
  return secretReason(key, value) !== undefined;
}

/** A `key: value` or `key = value` line of a YAML, INI, properties or .env file. */
const ASSIGNMENT = /^\s*(?:export\s+)?["']?([A-Za-z_][A-Za-z0-9_.-]*)["']?\s*[:=]\s*(.*)$/;

/**
 * The lines of a file's content that hold a secret: an assignment to a sensitive name with a
 * value (not a placeholder), or a value of a known secret format. Line numbers from 1.
 */
export function secretLines(content: string): Array<{ line: number; reason: string }> {
  const found: Array<{ line: number; reason: string }> = [];
  const lines = content.split(/\r?\n/);
  lines.forEach((text, i) => {
    const assignment = ASSIGNMENT.exec(text);
    const value = assignment ? assignment[2].trim().replace(/^["']|["']$/g, '') : '';
    const byName = assignment && value !== '' && !isPlaceholder(value) ? sensitiveName(assignment[1]) : undefined;
    const reason = byName ?? secretValueKind(text);
    if (reason) found.push({ line: i + 1, reason });
  });
  return found;
}

/** A value that stands for a secret instead of holding one: `${DB_PASSWORD}`, `<set me>`, `null`. */
function isPlaceholder(value: string): boolean {
  return /^(\$\{[^}]+\}|\$[A-Z_][A-Z0-9_]*|<[^>]*>|\{\{[^}]*\}\}|null|~|""|''|changeme|CHANGE_ME|xxx+|\*+)$/i.test(value) || value.startsWith('#');
}
