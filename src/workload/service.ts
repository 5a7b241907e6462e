import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { checkValue } from '../core/checks';
import { dns1035LabelProblem } from '../core/k8s-names';

/** What a Service in front of a workload needs. */
export interface WorkloadServiceOptions {
  readonly name: string;
  readonly namespace?: string;
  readonly labels: { [key: string]: string };
  readonly annotations?: { [key: string]: string };
  readonly selector: { [key: string]: string };
  /** The port the Service listens on. */
  readonly port: number;
  /** The container port's name the Service targets. */
  readonly portName: string;
  /** A headless Service (clusterIP None) instead of a ClusterIP one. */
  readonly headless?: boolean;
  /** Session affinity by client IP (WebSockets without a sticky load balancer). */
  readonly clientIpAffinity?: boolean;
}

/**
 * A Service targeting a workload's named port: every Service this library renders goes
 * through here, so the port and selector conventions live in one place.
 */
export function renderService(scope: Construct, id: string, options: WorkloadServiceOptions): ApiObject {
  // A Service name becomes a DNS name: DNS-1035, at most 63 characters with any suffix derived.
  checkValue(scope, 'name', options.name, dns1035LabelProblem(options.name), `shorten the name so that the Service ${options.name} fits in 63 characters`);
  return new k8s.KubeService(scope, id, {
    metadata: { name: options.name, namespace: options.namespace, labels: options.labels, annotations: options.annotations },
    spec: {
      type: options.headless ? undefined : 'ClusterIP',
      clusterIp: options.headless ? 'None' : undefined,
      selector: options.selector,
      sessionAffinity: options.clientIpAffinity ? 'ClientIP' : undefined,
      ports: [{ name: options.portName, port: options.port, targetPort: k8s.IntOrString.fromString(options.portName), protocol: 'TCP' }],
    },
  });
}
