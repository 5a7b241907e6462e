import { dns1123LabelProblem } from './k8s-names';

/** A Prometheus metric name. */
export const PROMETHEUS_METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/**
 * Whether a value is a DNS label (RFC 1123: lowercase letters, digits and '-', starting and
 * ending with a letter or digit) of at most `maxLength` characters: object names, namespaces,
 * label-safe names and port names all follow it with different limits. The grammar itself is
 * `dns1123LabelProblem`'s.
 */
export function isDnsLabel(value: string, maxLength = 63): boolean {
  return dns1123LabelProblem(value, maxLength) === undefined;
}
