import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { renderIngress } from './ingress-object';
import { checkLabels, checkValue } from '../core/checks';
import { dns1035LabelProblem, dns1123SubdomainProblem } from '../core/k8s-names';
import { portProblem } from '../core/k8s-numbers';
import { fail } from '../core/violation';
import { RolloutChecks } from '../policy/rollout-checks';

/**
 * Settings for long-lived WebSocket connections through ingress-nginx (seed 002).
 */
export interface WebSocketOptions {
  /**
   * How long a proxied connection may stay idle while reading.
   * @default Duration.hours(1)
   */
  readonly readTimeout?: Duration;
  /**
   * How long a proxied connection may stay idle while sending.
   * @default Duration.hours(1)
   */
  readonly sendTimeout?: Duration;
  /**
   * Sticky sessions by cookie, so a reconnecting client returns to the pod holding its state.
   * @default true
   */
  readonly cookieAffinity?: boolean;
}

/**
 * Props of a TlsIngress.
 */
export interface TlsIngressProps {
  /** Name of the Ingress. */
  readonly name: string;
  /** The public host (seed 004: api.chaosworld.com). */
  readonly host: string;
  /** The Service traffic goes to. */
  readonly serviceName: string;
  /**
   * The Service port.
   * @default 80
   */
  readonly servicePort?: number;
  /** The Secret holding the certificate (cert-manager writes it). */
  readonly tlsSecretName: string;
  /**
   * The cert-manager ClusterIssuer that issues the certificate (seed 004: letsencrypt-prod).
   * @default - no cert-manager annotation
   */
  readonly clusterIssuer?: string;
  /**
   * The ingress class.
   * @default 'nginx'
   */
  readonly className?: string;
  /**
   * Redirect HTTP to HTTPS (also behind a TLS-terminating load balancer: force-ssl-redirect).
   * @default true
   */
  readonly forceSslRedirect?: boolean;
  /**
   * Requests per minute per client IP (ingress-nginx `limit-rpm`; seed 004's `rate-limit: 100`
   * with a 1m window).
   * @default - no rate limit
   */
  readonly rateLimitPerMinute?: number;
  /**
   * WebSocket settings.
   * @default - ingress-nginx defaults (60 s timeouts, no affinity)
   */
  readonly webSocket?: WebSocketOptions;
  /**
   * Labels.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
}

/**
 * An ingress-nginx Ingress with TLS from cert-manager, HTTPS redirects, rate limiting and
 * optional WebSocket settings (seeds 002, 004).
 */
export class TlsIngress extends Construct {
  /** The Ingress. */
  public readonly ingress: ApiObject;

  constructor(scope: Construct, id: string, props: TlsIngressProps) {
    super(scope, id);
    RolloutChecks.of(this);
    checkValue(this, 'name', props.name, dns1123SubdomainProblem(props.name), 'use lowercase letters, digits, \'-\' and \'.\'');
    checkValue(this, 'serviceName', props.serviceName, dns1035LabelProblem(props.serviceName), 'use the name of the Service the Ingress sends traffic to');
    checkValue(this, 'servicePort', props.servicePort ?? 80, portProblem(props.servicePort ?? 80), 'use the Service\'s port, such as 80');
    checkValue(this, 'tlsSecretName', props.tlsSecretName, dns1123SubdomainProblem(props.tlsSecretName), 'use the name of the TLS Secret cert-manager writes');
    if (props.clusterIssuer !== undefined) checkValue(this, 'clusterIssuer', props.clusterIssuer, dns1123SubdomainProblem(props.clusterIssuer), 'use the ClusterIssuer\'s name, such as letsencrypt-prod');
    if (props.className !== undefined) checkValue(this, 'className', props.className, dns1123SubdomainProblem(props.className), 'use the IngressClass\'s name, such as nginx');
    checkLabels(this, 'labels', props.labels);
    if (!/^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/.test(props.host)) {
      fail(this, { prop: 'host', found: props.host, needed: 'must be a lowercase DNS name with at least one dot', fix: 'use the public host name, such as api.example.com' });
    }
    const annotations: { [key: string]: string } = {};
    if (props.clusterIssuer) annotations['cert-manager.io/cluster-issuer'] = props.clusterIssuer;
    const redirect = `${props.forceSslRedirect ?? true}`;
    annotations['nginx.ingress.kubernetes.io/ssl-redirect'] = redirect;
    annotations['nginx.ingress.kubernetes.io/force-ssl-redirect'] = redirect;
    if (props.rateLimitPerMinute !== undefined) {
      if (!Number.isInteger(props.rateLimitPerMinute) || props.rateLimitPerMinute < 1) {
        fail(this, { prop: 'rateLimitPerMinute', found: `${props.rateLimitPerMinute}`, needed: 'must be a whole number of at least 1', fix: 'set the requests a client may make per minute, such as 100' });
      }
      annotations['nginx.ingress.kubernetes.io/limit-rpm'] = `${props.rateLimitPerMinute}`;
    }
    if (props.webSocket) {
      const timeout = (prop: string, duration: Duration | undefined) => {
        const seconds = (duration ?? Duration.hours(1)).toSeconds();
        if (seconds < 1 || seconds > 86400) {
          fail(this, { prop, found: `${seconds}s`, needed: 'must be from 1 second to 24 hours', fix: 'use a timeout longer than the clients\' ping interval' });
        }
        return `${seconds}`;
      };
      annotations['nginx.ingress.kubernetes.io/proxy-read-timeout'] = timeout('webSocket.readTimeout', props.webSocket.readTimeout);
      annotations['nginx.ingress.kubernetes.io/proxy-send-timeout'] = timeout('webSocket.sendTimeout', props.webSocket.sendTimeout);
      if (props.webSocket.cookieAffinity ?? true) {
        annotations['nginx.ingress.kubernetes.io/affinity'] = 'cookie';
        annotations['nginx.ingress.kubernetes.io/affinity-mode'] = 'persistent';
        annotations['nginx.ingress.kubernetes.io/session-cookie-name'] = `${props.name}-affinity`;
      }
    }
    this.ingress = renderIngress(this, 'Resource', {
      name: props.name,
      labels: props.labels,
      annotations,
      className: props.className ?? 'nginx',
      host: props.host,
      service: props.serviceName,
      port: props.servicePort ?? 80,
      tlsSecret: props.tlsSecretName,
    });
  }
}
