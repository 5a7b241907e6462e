import { ApiObject, Chart, JsonPatch, Size } from 'cdk8s';
import { Cpu, k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { checkLabels } from '../core/checks';
import { isDnsLabel } from '../core/names';
import { canonicalQuantity, quantityValue } from '../core/quantity';
import { fail } from '../core/violation';
import { APP_LABELS, MANAGED_BY, NAMESPACE_NAME_LABEL } from '../core/well-known-keys';
import { RolloutChecks } from '../policy/rollout-checks';

/**
 * Pod Security Standards levels (Pod Security Admission).
 */
export enum PodSecurityLevel {
  /** Fully hardened: what every pod of this library meets. */
  RESTRICTED = 'restricted',
  /** Prevents known privilege escalations. */
  BASELINE = 'baseline',
  /** Unrestricted. */
  PRIVILEGED = 'privileged',
}

/** Totals the namespace may not exceed (a ResourceQuota). */
export interface NamespaceQuota {
  /** Sum of CPU requests. */
  readonly cpuRequests: Cpu;
  /** Sum of memory requests. */
  readonly memoryRequests: Size;
  /**
   * Sum of CPU limits.
   * @default - twice the CPU requests
   */
  readonly cpuLimits?: Cpu;
  /**
   * Sum of memory limits.
   * @default - twice the memory requests
   */
  readonly memoryLimits?: Size;
  /**
   * Number of pods. Leave room for a rollout's surge and a blue/green release's second colour.
   * @default - no limit
   */
  readonly pods?: number;
}

/** Per-container defaults for pods that set no resources (a LimitRange). */
export interface ContainerDefaults {
  /** CPU requested when a container sets none. */
  readonly cpuRequest: Cpu;
  /** Memory requested when a container sets none. */
  readonly memoryRequest: Size;
  /** CPU limit when a container sets none. */
  readonly cpuLimit: Cpu;
  /** Memory limit when a container sets none. */
  readonly memoryLimit: Size;
}

/**
 * Props of a HardenedNamespace.
 */
export interface HardenedNamespaceProps {
  /** The namespace's name. */
  readonly name: string;
  /**
   * Further labels (seed 004: `environment: production`).
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * The level enforced, audited and warned about.
   * @default PodSecurityLevel.RESTRICTED
   */
  readonly level?: PodSecurityLevel;
  /**
   * The Pod Security Standards version the level means (pinned, so a cluster upgrade cannot
   * tighten it unreviewed).
   * @default 'v1.27'
   */
  readonly levelVersion?: string;
  /**
   * A ResourceQuota.
   * @default - none
   */
  readonly quota?: NamespaceQuota;
  /**
   * A LimitRange with container defaults.
   * @default - none
   */
  readonly containerDefaults?: ContainerDefaults;
  /**
   * A namespace-wide NetworkPolicy denying all ingress and egress that no other policy allows.
   * Every pod then needs a NetworkIsolation (migration and backup Jobs too).
   * @default false
   */
  readonly defaultDenyNetwork?: boolean;
}

/**
 * A Namespace that admits only pods meeting a Pod Security Standard (seed 004's
 * PodSecurityPolicy was removed in Kubernetes 1.25; Pod Security Admission is its successor):
 * `enforce`, `audit` and `warn` at the same level and version; optionally a ResourceQuota, a
 * LimitRange and a namespace-wide default deny. Applied first (ApplyPhase.NAMESPACE).
 */
export class HardenedNamespace extends Construct {
  /** The Namespace. */
  public readonly resource: ApiObject;
  /** The namespace's name. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: HardenedNamespaceProps) {
    super(scope, id);
    RolloutChecks.of(this);
    checkLabels(this, 'labels', props.labels);
    if (!isDnsLabel(props.name)) {
      fail(this, { prop: 'name', found: props.name, needed: 'must be a DNS label of at most 63 lowercase letters, digits and \'-\'', fix: 'rename the namespace' });
    }
    const version = props.levelVersion ?? 'v1.27';
    if (!/^(latest|v1\.\d+)$/.test(version)) {
      fail(this, { prop: 'levelVersion', found: version, needed: "must be 'latest' or a Kubernetes minor version such as v1.27", fix: 'pin the version of your oldest cluster' });
    }
    this.name = props.name;
    const level = props.level ?? PodSecurityLevel.RESTRICTED;
    const labels: { [key: string]: string } = { ...props.labels, [NAMESPACE_NAME_LABEL]: props.name };
    for (const mode of ['enforce', 'audit', 'warn']) {
      labels[`pod-security.kubernetes.io/${mode}`] = level;
      labels[`pod-security.kubernetes.io/${mode}-version`] = version;
    }
    labels[APP_LABELS.managedBy] = MANAGED_BY;
    this.resource = new k8s.KubeNamespace(this, 'Resource', { metadata: { name: props.name, labels } });
    // A Namespace is cluster-scoped: drop the namespace a namespaced chart would give it.
    if (Chart.of(this).namespace) this.resource.addJsonPatch(JsonPatch.remove('/metadata/namespace'));

    const namespaced = { namespace: props.name, labels: { [APP_LABELS.managedBy]: MANAGED_BY } };
    if (props.quota) {
      const q = props.quota;
      if (q.pods !== undefined && (!Number.isInteger(q.pods) || q.pods < 1)) {
        fail(this, { prop: 'quota.pods', found: `${q.pods}`, needed: 'must be a whole number of at least 1', fix: 'allow the pods of every workload, their surge and a second blue/green colour' });
      }
      const hard: { [resource: string]: k8s.Quantity } = {
        'requests.cpu': quantity(q.cpuRequests.amount),
        'requests.memory': mebibytes(q.memoryRequests),
        'limits.cpu': quantity(q.cpuLimits?.amount ?? doubleCpu(q.cpuRequests)),
        'limits.memory': q.memoryLimits ? mebibytes(q.memoryLimits) : quantity(`${q.memoryRequests.toMebibytes() * 2}Mi`),
      };
      if (q.pods !== undefined) hard.pods = k8s.Quantity.fromNumber(q.pods);
      new k8s.KubeResourceQuota(this, 'Quota', { metadata: { ...namespaced, name: `${props.name}-quota` }, spec: { hard } });
    }
    if (props.containerDefaults) {
      const d = props.containerDefaults;
      // The API server refuses a LimitRange whose default request exceeds its default limit.
      const cpu = [quantityValue(d.cpuRequest.amount) ?? NaN, quantityValue(d.cpuLimit.amount) ?? NaN];
      if (!(cpu[0] <= cpu[1])) {
        fail(this, { prop: 'containerDefaults.cpuRequest', found: `${d.cpuRequest.amount} with cpuLimit ${d.cpuLimit.amount}`, needed: 'must not exceed cpuLimit', fix: 'lower the request or raise the limit' });
      }
      if (!(d.memoryRequest.toMebibytes() <= d.memoryLimit.toMebibytes())) {
        fail(this, { prop: 'containerDefaults.memoryRequest', found: `${d.memoryRequest.toMebibytes()}Mi with memoryLimit ${d.memoryLimit.toMebibytes()}Mi`, needed: 'must not exceed memoryLimit', fix: 'lower the request or raise the limit' });
      }
      new k8s.KubeLimitRange(this, 'LimitRange', {
        metadata: { ...namespaced, name: `${props.name}-defaults` },
        spec: {
          limits: [{
            type: 'Container',
            defaultRequest: { cpu: quantity(d.cpuRequest.amount), memory: mebibytes(d.memoryRequest) },
            default: { cpu: quantity(d.cpuLimit.amount), memory: mebibytes(d.memoryLimit) },
          }],
        },
      });
    }
    if (props.defaultDenyNetwork) {
      new k8s.KubeNetworkPolicy(this, 'DefaultDeny', {
        metadata: { ...namespaced, name: 'default-deny' },
        spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
      });
    }
  }
}

function mebibytes(size: Size): k8s.Quantity {
  return quantity(`${size.toMebibytes()}Mi`);
}

/** A quantity as the API server writes it back (`1000m` is `1`), so `kubectl diff` shows no change. */
function quantity(text: string): k8s.Quantity {
  return k8s.Quantity.fromString(canonicalQuantity(text) ?? text);
}

function doubleCpu(cpu: Cpu): string {
  const amount = cpu.amount;
  return amount.endsWith('m') ? `${Number(amount.slice(0, -1)) * 2}m` : `${Number(amount) * 2}`;
}
