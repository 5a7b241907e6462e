/**
 * The name grammars of Kubernetes (k8s.io/apimachinery/pkg/util/validation), each as a function
 * that returns what a value must be when it is not, or undefined when it is valid. Every
 * construct checks its props, and the names it derives from them, with these.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;
const C_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A DNS-1123 label: object names, namespaces, container names (at most `max` characters). */
export function dns1123LabelProblem(value: string, max = 63): string | undefined {
  if (value.length > max) return `must be at most ${max} characters (it has ${value.length})`;
  return DNS1123_LABEL.test(value) ? undefined : 'must be a DNS-1123 label: lowercase letters, digits and \'-\', starting and ending with a letter or digit';
}

/** A DNS-1035 label: Service names (they become DNS names, so they start with a letter). */
export function dns1035LabelProblem(value: string, max = 63): string | undefined {
  if (value.length > max) return `must be at most ${max} characters (it has ${value.length})`;
  return DNS1035_LABEL.test(value) ? undefined : 'must be a DNS-1035 label: lowercase letters, digits and \'-\', starting with a letter and ending with a letter or digit';
}

/** A DNS-1123 subdomain: Secret, ConfigMap, PVC and PriorityClass names, annotation domains. */
export function dns1123SubdomainProblem(value: string, max = 253): string | undefined {
  if (value.length > max) return `must be at most ${max} characters (it has ${value.length})`;
  const ok = value.length > 0 && value.split('.').every((part) => DNS1123_LABEL.test(part));
  return ok ? undefined : 'must be a DNS-1123 subdomain: dot-separated lowercase labels of letters, digits and \'-\'';
}

/** A host name for an Ingress or route: a DNS-1123 subdomain, optionally `*.` first. */
export function hostnameProblem(value: string): string | undefined {
  const host = value.startsWith('*.') ? value.slice(2) : value;
  if (!host.includes('.') && host !== 'localhost') return 'must be a fully qualified host name such as api.example.com';
  return dns1123SubdomainProblem(host);
}

/**
 * A qualified name: label keys, annotation keys, nodeSelector and toleration keys. An optional
 * DNS-1123 subdomain prefix and `/`, then a name of at most 63 characters.
 */
export function qualifiedNameProblem(value: string): string | undefined {
  const slash = value.lastIndexOf('/');
  const prefix = slash >= 0 ? value.slice(0, slash) : undefined;
  const name = slash >= 0 ? value.slice(slash + 1) : value;
  if (prefix !== undefined) {
    const prefixProblem = dns1123SubdomainProblem(prefix);
    if (prefixProblem) return `must have a prefix (before '/') that ${prefixProblem.replace(/^must be/, 'is')}`;
  }
  if (name.length === 0 || name.length > 63) return 'must have a name part of 1 to 63 characters';
  return QUALIFIED_NAME.test(name) ? undefined : 'must have a name part of letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit';
}

/** A label value: empty, or at most 63 letters, digits, '-', '_' and '.', alphanumeric at both ends. */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > 63) return `must be at most 63 characters (it has ${value.length})`;
  return value === '' || QUALIFIED_NAME.test(value) ? undefined : 'must be a label value: letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit';
}

/** A port name (IANA_SVC_NAME): at most 15 lowercase letters, digits and '-', with a letter, no '--'. */
export function portNameProblem(value: string): string | undefined {
  if (value.length === 0 || value.length > 15) return 'must be 1 to 15 characters';
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value) || value.includes('--')) return 'must be lowercase letters, digits and single \'-\' between them';
  return /[a-z]/.test(value) ? undefined : 'must contain a letter';
}

/** A key of a Secret's or ConfigMap's data: letters, digits, '-', '_' and '.', at most 253. */
export function dataKeyProblem(value: string): string | undefined {
  if (value.length === 0 || value.length > 253) return 'must be 1 to 253 characters';
  return SECRET_KEY.test(value) && value !== '.' && value !== '..' ? undefined : 'must be letters, digits, \'-\', \'_\' and \'.\'';
}

/** An environment variable name, as every shell can read it: a C identifier. */
export function envVarNameProblem(value: string): string | undefined {
  return C_IDENTIFIER.test(value) ? undefined : 'must be a variable name of letters, digits and _ not starting with a digit';
}
