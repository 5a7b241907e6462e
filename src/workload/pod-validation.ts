import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { PodBlueprintProps } from './pod-props';
import { wholeSeconds } from '../core/durations';
import { isDnsLabel } from '../core/names';
import { fail } from '../core/violation';
import { checkLivenessDiffersFromReadiness } from '../policy/rules/zd001-probes';
import { checkGracePeriod } from '../policy/rules/zd003-grace-period';

/** A pod blueprint's props, checked, with the values derived from them. */
export interface CheckedPodProps {
  /** The serving port. */
  readonly port: number;
  /** The serving port's name. */
  readonly portName: string;
  /** Where metrics are scraped, when they are. */
  readonly metrics?: { readonly port: number; readonly portName: string; readonly path: string };
  /** The preStop sleep, in seconds. */
  readonly preStopSeconds: number;
  /** How long the app may take to start, in seconds. */
  readonly startupSeconds: number;
  /** terminationGracePeriodSeconds, derived or checked (ZD003). */
  readonly graceSeconds: number;
}

/**
 * Checks the props of one pod (ports, probe paths, ZD001, the drain and grace period of ZD003,
 * the restricted uid/gid) and derives what rendering needs. Errors name `scope`, the prop, the
 * value, what is needed and the fix.
 */
export function checkPodProps(scope: IConstruct, props: PodBlueprintProps): CheckedPodProps {
  const port = checkPort(scope, 'port', props.port ?? 8080);
  const portName = props.portName ?? 'http';
  if (!isDnsLabel(portName, 15) || !/[a-z]/.test(portName)) {
    fail(scope, { prop: 'portName', found: portName, needed: 'must be an IANA service name of at most 15 lowercase letters, digits and \'-\'', fix: 'use a name such as http' });
  }
  if (props.metricsPort !== undefined) checkPort(scope, 'metricsPort', props.metricsPort);
  let metrics: CheckedPodProps['metrics'];
  if (props.scrape ?? true) {
    const metricsPort = props.metricsPort ?? port;
    metrics = { port: metricsPort, portName: metricsPort === port ? portName : 'metrics', path: props.metricsPath ?? '/metrics' };
  }

  const readinessPath = props.readinessPath ?? '/ready';
  const livenessPath = props.livenessPath ?? '/health';
  for (const path of [readinessPath, livenessPath, props.startupPath ?? livenessPath]) {
    if (!path.startsWith('/')) {
      fail(scope, { prop: 'probe path', found: path, needed: 'must start with /', fix: `write it as /${path}` });
    }
  }
  const probeViolation = checkLivenessDiffersFromReadiness(readinessPath, livenessPath);
  if (probeViolation) fail(scope, probeViolation);

  const preStopSeconds = wholeSeconds(scope, 'preStopDelay', props.preStopDelay ?? Duration.seconds(15));
  const drainSeconds = wholeSeconds(scope, 'drainTimeout', props.drainTimeout ?? Duration.seconds(30));
  const graceSeconds = props.terminationGracePeriod
    ? wholeSeconds(scope, 'terminationGracePeriod', props.terminationGracePeriod)
    : preStopSeconds + drainSeconds + 5;
  const graceViolation = checkGracePeriod(graceSeconds, preStopSeconds, drainSeconds);
  if (graceViolation) fail(scope, graceViolation);
  const startupSeconds = wholeSeconds(scope, 'startupTimeout', props.startupTimeout ?? Duration.seconds(60));

  for (const prop of ['runAsUser', 'runAsGroup'] as const) {
    const uid = props[prop] ?? 10001;
    if (!Number.isInteger(uid) || uid < 10000) {
      fail(scope, { prop, found: `${uid}`, needed: 'must be a whole number of at least 10000 (restricted pods never share a host uid/gid)', fix: `set ${prop} to 10001 or build the image for a high uid` });
    }
  }
  return { port, portName, metrics, preStopSeconds, startupSeconds, graceSeconds };
}

/**
 * Checks that an environment variable name is valid and not set twice in `env`.
 */
export function checkEnvName(scope: IConstruct, name: string, env: readonly k8s.EnvVar[]): void {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    fail(scope, { prop: 'env', found: name, needed: 'must be a variable name of letters, digits and _ not starting with a digit', fix: 'rename the variable' });
  }
  if (env.some((e) => e.name === name)) {
    fail(scope, { prop: 'env', found: name, needed: 'must be set once', fix: 'remove the duplicate (a Secret reference and a plain value cannot share a name)' });
  }
}

function checkPort(scope: IConstruct, prop: string, port: number): number {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    fail(scope, { prop, found: `${port}`, needed: 'must be a whole number from 1 to 65535', fix: `set ${prop} to the port the app listens on` });
  }
  return port;
}
