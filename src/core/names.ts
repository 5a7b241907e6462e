/** A Prometheus metric name. */
export const PROMETHEUS_METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Whether a value is a DNS label (RFC 1123: lowercase letters, digits and '-', starting and
 * ending with a letter or digit) of at most `maxLength` characters: object names, namespaces,
 * label-safe names and port names all follow it with different limits.
 */
export function isDnsLabel(value: string, maxLength = 63): boolean {
  return DNS_LABEL.test(value) && value.length <= maxLength;
}
