import { IConstruct } from 'constructs';
import { checkValue } from '../core/checks';
import { dns1123LabelProblem, dns1123SubdomainProblem, hostnameProblem } from '../core/k8s-names';

/**
 * The Gateway a route attaches to.
 */
export interface GatewayReference {
  /** The Gateway's name. */
  readonly gatewayName: string;
  /**
   * The Gateway's namespace.
   * @default - the route's namespace
   */
  readonly gatewayNamespace?: string;
  /**
   * Host names the route answers.
   * @default - every host the Gateway accepts
   */
  readonly hostnames?: string[];
}

/** A Gateway reference's names and host names, checked at the construct that uses it. */
export function checkGatewayReference(scope: IConstruct, prop: string, gateway: GatewayReference): void {
  checkValue(scope, `${prop}.gatewayName`, gateway.gatewayName, dns1123SubdomainProblem(gateway.gatewayName), 'use the Gateway\'s name as kubectl get gateway shows it');
  if (gateway.gatewayNamespace !== undefined) {
    checkValue(scope, `${prop}.gatewayNamespace`, gateway.gatewayNamespace, dns1123LabelProblem(gateway.gatewayNamespace), 'use the Gateway\'s namespace');
  }
  (gateway.hostnames ?? []).forEach((host, i) => checkValue(scope, `${prop}.hostnames[${i}]`, host, hostnameProblem(host), 'use a host name such as api.example.com'));
}
