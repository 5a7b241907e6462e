import { Duration, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { TlsIngress, TlsIngressProps, VersionedApi, VersionedApiProps } from '../../src';
import { httpDate, structuredDate } from '../../src/traffic/versioned-api';
import { findOne, synthValid } from '../support/synth';

const GATEWAY = { gatewayName: 'public', gatewayNamespace: 'gateway-system', hostnames: ['api.example.com'] };

describe('TlsIngress', () => {
  const ingress = (props: Partial<TlsIngressProps> = {}) => {
    const chart = Testing.chart();
    new TlsIngress(chart, 'Ingress', { name: 'api-gateway', host: 'api.chaosworld.com', serviceName: 'api-gateway', tlsSecretName: 'api-gateway-tls', ...props });
    return findOne(synthValid(chart), 'Ingress');
  };

  test('seed 004: TLS from cert-manager, HTTPS redirects, rate limit', () => {
    const obj = ingress({ clusterIssuer: 'letsencrypt-prod', rateLimitPerMinute: 100 });
    expect(obj).toMatchSnapshot();
    expect(obj.metadata.annotations).toEqual({
      'cert-manager.io/cluster-issuer': 'letsencrypt-prod',
      'nginx.ingress.kubernetes.io/ssl-redirect': 'true',
      'nginx.ingress.kubernetes.io/force-ssl-redirect': 'true',
      'nginx.ingress.kubernetes.io/limit-rpm': '100',
    });
    expect(obj.spec.tls).toEqual([{ hosts: ['api.chaosworld.com'], secretName: 'api-gateway-tls' }]);
    expect(obj.spec.ingressClassName).toBe('nginx');
  });

  test('seed 002: WebSocket timeouts and cookie affinity', () => {
    expect(ingress({ webSocket: { readTimeout: Duration.hours(2) } }).metadata.annotations).toMatchObject({
      'nginx.ingress.kubernetes.io/proxy-read-timeout': '7200',
      'nginx.ingress.kubernetes.io/proxy-send-timeout': '3600',
      'nginx.ingress.kubernetes.io/affinity': 'cookie',
      'nginx.ingress.kubernetes.io/affinity-mode': 'persistent',
      'nginx.ingress.kubernetes.io/session-cookie-name': 'api-gateway-affinity',
    });
  });

  test.each([
    [{ host: 'API.example.com' }, "test/Ingress: 'host' (API.example.com) must be a lowercase DNS name with at least one dot; use the public host name, such as api.example.com"],
    [{ rateLimitPerMinute: 0 }, "test/Ingress: 'rateLimitPerMinute' (0) must be a whole number of at least 1; set the requests a client may make per minute, such as 100"],
    [{ webSocket: { sendTimeout: Duration.days(2) } }, "test/Ingress: 'webSocket.sendTimeout' (172800s) must be from 1 second to 24 hours; use a timeout longer than the clients' ping interval"],
  ])('rejects %j', (props, message) => {
    expect(() => ingress(props)).toThrow(message);
  });
});

describe('VersionedApi (seed 001)', () => {
  const api = (props: Partial<VersionedApiProps> = {}) => {
    const chart = Testing.chart();
    new VersionedApi(chart, 'Api', {
      name: 'engine-ops-api',
      gateway: GATEWAY,
      versions: [
        { version: 'v1', serviceName: 'engine-ops-v1', deprecation: { deprecatedOn: '2025-06-30', sunsetOn: '2025-12-31', successorUrl: 'https://api.example.com/api/v2' } },
        { version: 'v2', serviceName: 'engine-ops-v2', servicePort: 8080 },
      ],
      ...props,
    });
    return findOne(synthValid(chart), 'HTTPRoute');
  };

  test('path, header and query matches per version; RFC headers on the deprecated one', () => {
    const route = api();
    expect(route).toMatchSnapshot();
    expect(route.spec.rules[0]).toEqual({
      name: 'v1',
      matches: [
        { path: { type: 'PathPrefix', value: '/api/v1' } },
        { path: { type: 'PathPrefix', value: '/api' }, headers: [{ type: 'Exact', name: 'X-API-Version', value: 'v1' }] },
        { path: { type: 'PathPrefix', value: '/api' }, queryParams: [{ type: 'Exact', name: 'api_version', value: 'v1' }] },
      ],
      filters: [{
        type: 'ResponseHeaderModifier',
        responseHeaderModifier: {
          add: [
            { name: 'Deprecation', value: '@1751241600' },
            { name: 'Sunset', value: 'Wed, 31 Dec 2025 00:00:00 GMT' },
            { name: 'Link', value: '<https://api.example.com/api/v2>; rel="successor-version"' },
          ],
        },
      }],
      backendRefs: [{ kind: 'Service', name: 'engine-ops-v1', port: 80 }],
    });
    expect(route.spec.rules[1].filters).toBeUndefined();
    expect(route.spec.rules[1].backendRefs).toEqual([{ kind: 'Service', name: 'engine-ops-v2', port: 8080 }]);
  });

  test('a removed version loses its routes', () => {
    const route = api({
      versions: [
        { version: 'v1', serviceName: 'a', removed: true },
        { version: 'v2', serviceName: 'b' },
        { version: 'v3', serviceName: 'c' },
      ],
    });
    expect(route.spec.rules.map((r: { name: string }) => r.name)).toEqual(['v2', 'v3']);
  });

  test.each([
    [{ deprecatedOn: '2025-12-31', sunsetOn: '2025-06-30', successorUrl: 'https://x.example/v2' }, "test/Api: 'versions.v1.sunsetOn' (2025-06-30) must be after deprecatedOn (2025-12-31); announce the deprecation first, then the sunset (seed 001: 6 to 12 months later)"],
    [{ deprecatedOn: '2025-02-30', sunsetOn: '2025-12-31', successorUrl: 'https://x.example/v2' }, "test/Api: 'versions.v1.deprecatedOn' (2025-02-30) must be a UTC date YYYY-MM-DD or time YYYY-MM-DDTHH:MM:SSZ; write it as 2025-12-31"],
    [{ deprecatedOn: '2025-01-01', sunsetOn: '31/12/2025', successorUrl: 'https://x.example/v2' }, "test/Api: 'versions.v1.sunsetOn' (31/12/2025) must be a UTC date YYYY-MM-DD or time YYYY-MM-DDTHH:MM:SSZ; write it as 2025-12-31"],
    [{ deprecatedOn: '2025-01-01', sunsetOn: '2025-12-31', successorUrl: '/api/v2' }, "test/Api: 'versions.v1.successorUrl' (/api/v2) must be an absolute http(s) URL; point at the successor version, such as https://api.example.com/api/v2"],
  ])('rejects deprecation %j', (deprecation, message) => {
    expect(() => api({ versions: [{ version: 'v1', serviceName: 'a', deprecation }, { version: 'v2', serviceName: 'b' }] })).toThrow(message);
  });

  test('fewer than two live versions', () => {
    expect(() => api({ versions: [{ version: 'v1', serviceName: 'a', removed: true }, { version: 'v2', serviceName: 'b' }] })).toThrow(
      "test/Api: 'versions' (1 live) must keep at least 2 versions live at once (seed 001); release the successor before removing a version");
  });

  test('property: HTTP-dates round-trip through Date.parse, structured dates are whole seconds', () => {
    fc.assert(fc.property(fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true }), (date) => {
      const seconds = Math.floor(date.getTime() / 1000);
      expect(httpDate(date)).toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/);
      expect(Date.parse(httpDate(date)) / 1000).toBe(seconds);
      expect(structuredDate(date)).toBe(`@${seconds}`);
    }));
  });
});
