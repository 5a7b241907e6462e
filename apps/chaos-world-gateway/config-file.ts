import { stringify } from 'yaml';
import { Environment } from '../environments';

/** Seed 004's config.yaml, per environment; the app reads it from /app/configs. */
export function gatewayConfigYaml(environment: Environment): string {
  return stringify({
    server: { host: '0.0.0.0', port: 8080, workers: environment === 'production' ? 8 : 4 },
    logging: { level: environment === 'development' ? 'debug' : 'info', format: 'json' },
    metrics: { enabled: true, path: '/metrics' },
    rate_limiting: { enabled: environment !== 'development', redis_url: 'redis://redis.redis:6379' },
    service_discovery: { consul_url: 'http://consul.consul:8500', datacenter: 'chaos-world' },
    health_check: { enabled: true, path: '/health', interval: '30s', timeout: '5s' },
  });
}
