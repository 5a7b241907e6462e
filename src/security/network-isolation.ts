import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { checkLabels, checkValue } from '../core/checks';
import { dns1123SubdomainProblem } from '../core/k8s-names';
import { fail } from '../core/violation';
import { NAMESPACE_NAME_LABEL } from '../core/well-known-keys';
import { IObservableWorkload } from '../observability/observable-workload';
import { RolloutChecks } from '../policy/rollout-checks';


/**
 * Who may open connections: pods, namespaces, or pods in a namespace.
 */
export class NetworkPeer {
  /** Every pod of a namespace (seed 004: the ingress controller's namespace). */
  public static anyPodIn(namespaceName: string): NetworkPeer {
    return new NetworkPeer(`namespace ${namespaceName}`, { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: checkLabelValue(namespaceName) } } });
  }

  /** Pods with these labels in the policy's own namespace. */
  public static pods(labels: { [key: string]: string }): NetworkPeer {
    return new NetworkPeer(`pods ${JSON.stringify(labels)}`, { podSelector: { matchLabels: checkPeerLabels(labels) } });
  }

  /** Pods with these labels in another namespace. */
  public static podsIn(namespaceName: string, labels: { [key: string]: string }): NetworkPeer {
    return new NetworkPeer(`pods ${JSON.stringify(labels)} in ${namespaceName}`, {
      namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: checkLabelValue(namespaceName) } },
      podSelector: { matchLabels: checkPeerLabels(labels) },
    });
  }

  private constructor(
    /** What the peer is, for messages. */
    public readonly description: string,
    private readonly peer: k8s.NetworkPolicyPeer,
  ) {}

  /**
   * The NetworkPolicy peer.
   * @internal
   */
  public _render(): k8s.NetworkPolicyPeer {
    return this.peer;
  }
}

/** A backend the pods may reach (seed 004: consul 8500, redis 6379, mongodb 27017). */
export interface NetworkBackend {
  /** Who the backend is. */
  readonly peer: NetworkPeer;
  /** The TCP port. */
  readonly port: number;
}

/**
 * Props of a NetworkIsolation.
 */
export interface NetworkIsolationProps {
  /** The NetworkPolicy's name. */
  readonly name: string;
  /** Labels of the pods isolated (`podSelector.matchLabels`). */
  readonly podSelector: { [key: string]: string };
  /** The TCP ports the pods serve, reachable from `allowFrom`. */
  readonly ports: number[];
  /**
   * Who may reach the serving ports. Nobody else may.
   * @default - nobody
   */
  readonly allowFrom?: NetworkPeer[];
  /**
   * A metrics port reachable from `metricsFrom` only.
   * @default - none
   */
  readonly metricsPort?: number;
  /**
   * Who scrapes the metrics port.
   * @default NetworkPeer.anyPodIn('monitoring')
   */
  readonly metricsFrom?: NetworkPeer;
  /**
   * What the pods may connect to. Nothing else but cluster DNS.
   * @default - nothing
   */
  readonly egressTo?: NetworkBackend[];
  /**
   * Whether the pods may resolve names through cluster DNS (kube-dns in kube-system, port 53).
   * @default true
   */
  readonly allowDns?: boolean;
  /**
   * Labels of the NetworkPolicy.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
}

/**
 * Props of NetworkIsolation.forWorkload().
 */
export interface WorkloadNetworkIsolationProps {
  /** The workload isolated: all its pods, every colour and track. */
  readonly target: IObservableWorkload;
  /**
   * The ingress controller's namespace, allowed to the serving port (seed 004: `ingress-nginx`).
   * @default - no ingress controller (an internal workload)
   */
  readonly ingressControllerNamespace?: string;
  /**
   * Other peers allowed to the serving port (callers inside the cluster, smoke tests).
   * @default - none
   */
  readonly allowFrom?: NetworkPeer[];
  /**
   * Who scrapes the metrics endpoint.
   * @default NetworkPeer.anyPodIn('monitoring')
   */
  readonly metricsFrom?: NetworkPeer;
  /**
   * What the pods may connect to besides cluster DNS.
   * @default - nothing
   */
  readonly egressTo?: NetworkBackend[];
}

/**
 * Default-deny for a set of pods, in one NetworkPolicy that declares both policy types:
 * ingress only from the named peers to the serving ports (and from Prometheus to the metrics
 * port), egress only to the named backends and to cluster DNS. Seed 004's gateway policy and
 * seed 002's "isolate database backends from public ingress" are both this construct.
 */
export class NetworkIsolation extends Construct {
  /**
   * Isolates a workload of this library: its selector, serving port and metrics port.
   */
  public static forWorkload(scope: Construct, id: string, props: WorkloadNetworkIsolationProps): NetworkIsolation {
    const blueprint = props.target.blueprint;
    const metrics = blueprint.metrics;
    return new NetworkIsolation(scope, id, {
      name: blueprint.name,
      podSelector: blueprint.labels.selector,
      labels: blueprint.labels.withoutVersion,
      ports: [blueprint.port],
      allowFrom: [
        ...(props.ingressControllerNamespace ? [NetworkPeer.anyPodIn(props.ingressControllerNamespace)] : []),
        ...(props.allowFrom ?? []),
      ],
      metricsPort: metrics && metrics.port !== blueprint.port ? metrics.port : undefined,
      metricsFrom: metrics ? props.metricsFrom ?? NetworkPeer.anyPodIn('monitoring') : undefined,
      egressTo: props.egressTo,
    });
  }

  /** The NetworkPolicy. */
  public readonly policy: ApiObject;

  constructor(scope: Construct, id: string, props: NetworkIsolationProps) {
    super(scope, id);
    RolloutChecks.of(this);
    checkValue(this, 'name', props.name, dns1123SubdomainProblem(props.name), 'use lowercase letters, digits, \'-\' and \'.\'');
    checkLabels(this, 'podSelector', props.podSelector);
    checkLabels(this, 'labels', props.labels);
    if (Object.keys(props.podSelector).length === 0) {
      fail(this, { prop: 'podSelector', found: '{}', needed: 'must select the pods isolated by at least one label', fix: 'give the workload\'s selector labels; a namespace-wide default deny is HardenedNamespace\'s defaultDenyNetwork' });
    }
    checkPeerLabels(props.podSelector);
    if (props.ports.length === 0) {
      fail(this, { prop: 'ports', found: '[]', needed: 'must list the ports the pods serve', fix: 'give the serving port, such as 8080' });
    }
    const egressTo = props.egressTo ?? [];
    for (const port of [...props.ports, ...(props.metricsPort === undefined ? [] : [props.metricsPort]), ...egressTo.map((b) => b.port)]) {
      if (!Number.isInteger(port) || port < 1 || port > 65535) {
        fail(this, { prop: 'port', found: `${port}`, needed: 'must be a whole number from 1 to 65535', fix: 'use the TCP port number' });
      }
    }
    const tcp = (port: number): k8s.NetworkPolicyPort => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) });
    const allowFrom = props.allowFrom ?? [];
    const ingress: k8s.NetworkPolicyIngressRule[] = [];
    if (allowFrom.length > 0) ingress.push({ from: allowFrom.map((p) => p._render()), ports: props.ports.map(tcp) });
    if (props.metricsFrom) {
      ingress.push({ from: [props.metricsFrom._render()], ports: [tcp(props.metricsPort ?? props.ports[0])] });
    }
    const egress: k8s.NetworkPolicyEgressRule[] = egressTo.map((backend) => ({ to: [backend.peer._render()], ports: [tcp(backend.port)] }));
    if (props.allowDns ?? true) {
      egress.push({
        to: [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
        ports: [{ protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) }, { protocol: 'TCP', port: k8s.IntOrString.fromNumber(53) }],
      });
    }
    this.policy = new k8s.KubeNetworkPolicy(this, 'Resource', {
      metadata: { name: props.name, labels: props.labels },
      spec: {
        podSelector: { matchLabels: props.podSelector },
        policyTypes: ['Ingress', 'Egress'],
        // An empty list denies all: written out so a reviewer sees the deny, not a missing field.
        ingress,
        egress,
      },
    });
  }
}

function checkLabelValue(value: string): string {
  if (!/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(value) || value.length > 63) {
    throw new Error(`NetworkPeer: '${value}' must be a label value of at most 63 letters, digits, '-', '_' and '.'; use the namespace's or label's exact value`);
  }
  return value;
}

function checkPeerLabels(labels: { [key: string]: string }): { [key: string]: string } {
  if (Object.keys(labels).length === 0) {
    throw new Error('NetworkPeer: labels must not be empty (an empty selector matches every pod); name the pods by their labels');
  }
  for (const value of Object.values(labels)) checkLabelValue(value);
  return labels;
}
