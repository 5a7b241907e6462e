import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { GatewayReference } from './gateway-reference';
import type { IHTTPRoute, ITraefikService } from '../crd/models';
import { typedObject } from '../crd/typed-object';

/** One HTTPRoute rule, typed by the Gateway API model package (inside this file only). */
type HttpRouteRule = NonNullable<NonNullable<IHTTPRoute['spec']>['rules']>[number];

/** Metadata of a routing object. */
export interface RouteMetadata {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: { [key: string]: string };
}

/** A Service and its weight. */
export interface WeightedBackend {
  readonly service: string;
  readonly port: number;
  readonly weight: number;
}

/** The smallest whole weights with the same ratio (90/10 -> 9/1), dropping zero weights. */
export function reduceWeights(backends: WeightedBackend[]): WeightedBackend[] {
  const live = backends.filter((b) => b.weight > 0);
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const divisor = live.reduce((g, b) => gcd(g, b.weight), 0) || 1;
  return live.map((b) => ({ ...b, weight: b.weight / divisor }));
}

/** A Gateway API HTTPRoute (gateway.networking.k8s.io/v1). */
export function renderHttpRoute(scope: Construct, id: string, meta: RouteMetadata, gateway: GatewayReference, rules: object[]): ApiObject {
  return typedObject<IHTTPRoute>(scope, id, {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: meta,
    spec: {
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: gateway.gatewayName, namespace: gateway.gatewayNamespace }],
      hostnames: gateway.hostnames,
      rules: rules as HttpRouteRule[],
    },
  });
}

/** A Traefik TraefikService (traefik.io/v1alpha1) splitting traffic by weight (seed 003). */
export function renderTraefikWeighted(scope: Construct, id: string, meta: RouteMetadata, backends: WeightedBackend[]): ApiObject {
  return typedObject<ITraefikService>(scope, id, {
    apiVersion: 'traefik.io/v1alpha1',
    kind: 'TraefikService',
    metadata: meta,
    spec: {
      weighted: {
        services: reduceWeights(backends).map((b) => ({ name: b.service, port: b.port, weight: b.weight })),
      },
    },
  });
}
