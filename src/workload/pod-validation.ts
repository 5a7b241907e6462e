import { Duration, Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { PodBlueprintProps } from './pod-props';
import { checkLabels, checkValue } from '../core/checks';
import { wholeSeconds } from '../core/durations';
import {
  dataKeyProblem, dns1035LabelProblem, dns1123LabelProblem, dns1123SubdomainProblem, envVarNameProblem, labelValueProblem, portNameProblem,
  qualifiedNameProblem,
} from '../core/k8s-names';
import { INT32_MAX, portProblem, wholeNumberProblem } from '../core/k8s-numbers';
import { quantityProblem } from '../core/quantity';
import { secretReason } from '../core/secret-detection';
import { fail } from '../core/violation';
import { APP_LABEL_PREFIX } from '../core/well-known-keys';
import { checkLivenessDiffersFromReadiness } from '../policy/rules/zd001-probes';
import { checkGracePeriod } from '../policy/rules/zd003-grace-period';
import { ResourcePreset } from '../profile/resource-preset';

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
  checkPodValues(scope, props);
  const port = checkPort(scope, 'port', props.port ?? 8080);
  const portName = props.portName ?? 'http';
  checkValue(scope, 'portName', portName, portNameProblem(portName), 'use a name such as http');
  if (props.metricsPort !== undefined) checkPort(scope, 'metricsPort', props.metricsPort);
  let metrics: CheckedPodProps['metrics'];
  if (props.scrape ?? true) {
    const metricsPort = props.metricsPort ?? port;
    metrics = { port: metricsPort, portName: metricsPort === port ? portName : 'metrics', path: props.metricsPath ?? '/metrics' };
    if (metrics.portName === 'metrics' && portName === 'metrics') {
      fail(scope, { prop: 'portName', found: '"metrics"', needed: 'must differ from the name of the separate metrics port (metrics): two container ports cannot share a name', fix: 'name the serving port http' });
    }
    checkHttpPath(scope, 'metricsPath', metrics.path);
  }

  const readinessPath = props.readinessPath ?? '/ready';
  const livenessPath = props.livenessPath ?? '/health';
  checkHttpPath(scope, 'readinessPath', readinessPath);
  checkHttpPath(scope, 'livenessPath', livenessPath);
  checkHttpPath(scope, 'startupPath', props.startupPath ?? livenessPath);
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
    if (!Number.isInteger(uid) || uid < 10000 || uid > INT32_MAX) {
      fail(scope, { prop, found: `${uid}`, needed: `must be a whole number from 10000 to ${INT32_MAX} (restricted pods never share a host uid/gid)`, fix: `set ${prop} to 10001 or build the image for a high uid` });
    }
  }
  return { port, portName, metrics, preStopSeconds, startupSeconds, graceSeconds };
}

/**
 * Checks that an environment variable name is valid and not set twice in `env`.
 */
export function checkEnvName(scope: IConstruct, name: string, env: readonly k8s.EnvVar[]): void {
  checkValue(scope, 'env', name, envVarNameProblem(name), 'rename the variable');
  if (env.some((e) => e.name === name)) {
    fail(scope, { prop: 'env', found: name, needed: 'must be set once', fix: 'remove the duplicate (a Secret reference and a plain value cannot share a name)' });
  }
}

/**
 * Refuses a secret as a plain `env` value: it would be written into the manifest in clear text.
 * The value itself is never part of the message.
 */
export function checkPlainEnv(scope: IConstruct, name: string, value: string): void {
  const reason = secretReason(name, value);
  if (reason) {
    fail(scope, {
      prop: `env.${name}`,
      found: `<redacted>, ${reason}`,
      needed: 'must not hold a secret: a plain env value is written into the manifest in clear text',
      fix: `read it from a Secret: secretEnv: [{ name: '${name}', secretName: '<secret>', key: '<key>' }]`,
    });
  }
}

/** A port number prop, 1 to 65535. */
export function checkPort(scope: IConstruct, prop: string, port: number): number {
  checkValue(scope, prop, port, portProblem(port), `set ${prop} to the port the app listens on`);
  return port;
}

/** A URL path for an HTTP probe or scrape: starts with '/', no white space, query or fragment. */
function checkHttpPath(scope: IConstruct, prop: string, path: string): void {
  if (!/^\/[A-Za-z0-9._~!$&'()*+,;=:@%\/-]*$/.test(path)) {
    fail(scope, { prop, found: JSON.stringify(path), needed: 'must be a URL path starting with / (no white space, query or fragment)', fix: `write it as /${path.replace(/^\/+/, '').replace(/[\s?#].*$/, '')}` });
  }
}

/**
 * The names, keys and numbers of the pod's props, each against its Kubernetes grammar: the
 * name (it names the Service, so DNS-1035), label values, scheduling keys, Secret references,
 * probe timing, sizes and the resource preset's quantities.
 */
function checkPodValues(scope: IConstruct, props: PodBlueprintProps): void {
  checkValue(scope, 'name', props.name, dns1035LabelProblem(props.name), 'use lowercase letters, digits and \'-\', starting with a letter, such as api');
  // The instance is part of every selector, like the name: a DNS label.
  if (props.instance !== undefined) checkValue(scope, 'instance', props.instance, dns1123LabelProblem(props.instance), 'use lowercase letters, digits and \'-\', such as api-eu');
  for (const prop of ['partOf', 'component'] as const) {
    const value = props[prop];
    if (value !== undefined) checkValue(scope, prop, value, labelValueProblem(value), 'use at most 63 letters, digits, \'-\', \'_\' and \'.\'');
  }
  checkLabels(scope, 'podLabels', props.podLabels);
  for (const key of Object.keys(props.podLabels ?? {})) {
    if (key.startsWith(APP_LABEL_PREFIX)) {
      fail(scope, {
        prop: 'podLabels',
        found: JSON.stringify(key),
        needed: `must not be one of the ${APP_LABEL_PREFIX}* labels this library sets (selectors and the version label are derived from name, instance, partOf, component and the image)`,
        fix: 'set the matching prop (name, instance, partOf, component, releaseVersion) instead',
      });
    }
  }
  if (props.priorityClassName !== undefined) {
    checkValue(scope, 'priorityClassName', props.priorityClassName, dns1123SubdomainProblem(props.priorityClassName), 'use the PriorityClass\'s name as kubectl get priorityclass shows it');
  }
  for (const [key, value] of Object.entries(props.nodeSelector ?? {})) {
    checkValue(scope, 'nodeSelector', key, qualifiedNameProblem(key), 'use a node label key such as kubernetes.io/os');
    checkValue(scope, `nodeSelector.${key}`, value, labelValueProblem(value), 'use a node label value such as linux');
  }
  (props.tolerations ?? []).forEach((t, i) => {
    checkValue(scope, `tolerations[${i}].key`, t.key, qualifiedNameProblem(t.key), 'use the taint\'s key, such as node-role.kubernetes.io/control-plane');
    if (t.value !== undefined) checkValue(scope, `tolerations[${i}].value`, t.value, labelValueProblem(t.value), 'use the taint\'s value');
  });
  (props.secretEnv ?? []).forEach((ref, i) => {
    checkValue(scope, `secretEnv[${i}].secretName`, ref.secretName, dns1123SubdomainProblem(ref.secretName), 'use the Secret\'s name as kubectl get secret shows it');
    checkValue(scope, `secretEnv[${i}].key`, ref.key, dataKeyProblem(ref.key), 'use a key of the Secret\'s data');
  });
  for (const [prop, timing] of [['readiness', props.readiness], ['liveness', props.liveness]] as const) {
    if (!timing) continue;
    if (timing.initialDelay) wholeSeconds(scope, `${prop}.initialDelay`, timing.initialDelay);
    if (timing.period) wholeSeconds(scope, `${prop}.period`, timing.period, true);
    if (timing.timeout) wholeSeconds(scope, `${prop}.timeout`, timing.timeout, true);
    if (timing.failureThreshold !== undefined) {
      checkValue(scope, `${prop}.failureThreshold`, timing.failureThreshold, wholeNumberProblem(timing.failureThreshold, 1), 'use a small whole number such as 3');
    }
  }
  if (props.preStopCommand !== undefined && (props.preStopCommand.length === 0 || props.preStopCommand.some((arg) => arg === ''))) {
    fail(scope, { prop: 'preStopCommand', found: JSON.stringify(props.preStopCommand), needed: 'must be a command with a non-empty program and arguments', fix: 'leave it unset for the preStop sleep, or give a command such as ["/bin/drain"]' });
  }
  if (props.tmpSize !== undefined) {
    const mebibytes = sizeInMebibytes(props.tmpSize);
    if (mebibytes === undefined || mebibytes < 1) {
      fail(scope, { prop: 'tmpSize', found: describeSize(props.tmpSize), needed: 'must be a whole number of mebibytes, at least 1', fix: 'use Size.mebibytes(64) or Size.gibibytes(1)' });
    }
  }
  if (props.resources) checkResources(scope, 'resources', props.resources);
}

/** A preset's quantities, as the API server will read them; errors name the construct and the prop. */
export function checkResources(scope: IConstruct, prop: string, preset: ResourcePreset): void {
  const quantities = preset.toQuantities();
  for (const [kind, values] of [['requests', quantities.requests], ['limits', quantities.limits]] as const) {
    for (const [resource, value] of Object.entries(values)) {
      checkValue(scope, `${prop} (${preset.name}) ${kind}.${resource}`, value, quantityProblem(value), 'use a realistic size, such as Size.gibibytes(2)');
    }
  }
}

function sizeInMebibytes(size: Size): number | undefined {
  try {
    const mebibytes = size.toMebibytes();
    return Number.isInteger(mebibytes) ? mebibytes : undefined;
  } catch {
    return undefined;
  }
}

function describeSize(size: Size): string {
  try {
    return `${size.toKibibytes()} KiB`;
  } catch {
    return 'a fraction of a KiB';
  }
}
