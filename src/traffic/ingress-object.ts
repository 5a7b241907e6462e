import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';

/** What one Ingress routing a host to a Service needs. */
export interface IngressObjectOptions {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: { [key: string]: string };
  readonly annotations?: { [key: string]: string };
  readonly className: string;
  readonly host: string;
  readonly path?: string;
  readonly service: string;
  readonly port: number;
  /** The Secret holding the host's TLS certificate, if TLS terminates here. */
  readonly tlsSecret?: string;
}

/** A networking.k8s.io/v1 Ingress: every Ingress this library renders goes through here. */
export function renderIngress(scope: Construct, id: string, options: IngressObjectOptions): ApiObject {
  return new k8s.KubeIngress(scope, id, {
    metadata: { name: options.name, namespace: options.namespace, labels: options.labels, annotations: options.annotations },
    spec: {
      ingressClassName: options.className,
      tls: options.tlsSecret ? [{ hosts: [options.host], secretName: options.tlsSecret }] : undefined,
      rules: [{
        host: options.host,
        http: {
          paths: [{
            path: options.path ?? '/',
            pathType: 'Prefix',
            backend: { service: { name: options.service, port: { number: options.port } } },
          }],
        },
      }],
    },
  });
}
