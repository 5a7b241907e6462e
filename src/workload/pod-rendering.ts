import { k8s } from 'cdk8s-plus-27';
import { ProbeTiming } from './pod-props';
import { SpreadPolicy } from '../profile/environment-profile';

/** The timing a probe gets where its props say nothing. */
export interface ProbeDefaults {
  /** periodSeconds. */
  readonly period: number;
  /** timeoutSeconds. */
  readonly timeout: number;
  /** failureThreshold. */
  readonly failureThreshold: number;
}

/** An HTTP probe on a named port, timing from the props or the defaults. */
export function httpProbe(portName: string, path: string, timing: ProbeTiming | undefined, defaults: ProbeDefaults): k8s.Probe {
  const initialDelay = timing?.initialDelay?.toSeconds() ?? 0;
  return {
    httpGet: { path, port: k8s.IntOrString.fromString(portName), scheme: 'HTTP' },
    initialDelaySeconds: initialDelay > 0 ? initialDelay : undefined,
    periodSeconds: timing?.period?.toSeconds() ?? defaults.period,
    timeoutSeconds: timing?.timeout?.toSeconds() ?? defaults.timeout,
    failureThreshold: timing?.failureThreshold ?? defaults.failureThreshold,
    successThreshold: 1,
  };
}

/**
 * Anti-affinity over nodes (preferred or required) and a zone spread, both on `selector`;
 * nothing for SpreadPolicy.NONE.
 */
export function renderSpread(spread: SpreadPolicy, selector: { [key: string]: string }): Pick<k8s.PodSpec, 'affinity' | 'topologySpreadConstraints'> {
  if (spread === SpreadPolicy.NONE) return {};
  const labelSelector = { matchLabels: selector };
  const hostnameTerm = { labelSelector, topologyKey: 'kubernetes.io/hostname' };
  return {
    affinity: {
      podAntiAffinity: spread === SpreadPolicy.REQUIRED
        ? { requiredDuringSchedulingIgnoredDuringExecution: [hostnameTerm] }
        : { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: hostnameTerm }] },
    },
    topologySpreadConstraints: [{
      maxSkew: 1,
      topologyKey: 'topology.kubernetes.io/zone',
      whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector,
      // Spread each ReplicaSet on its own, so a rollout's new pods are spread too.
      matchLabelKeys: ['pod-template-hash'],
    }],
  };
}

/** Resource quantities as cdk8s-plus's Quantity values. */
export function mapQuantities(values: { [resource: string]: string }): { [resource: string]: k8s.Quantity } {
  const result: { [resource: string]: k8s.Quantity } = {};
  for (const [resource, value] of Object.entries(values)) result[resource] = k8s.Quantity.fromString(value);
  return result;
}
