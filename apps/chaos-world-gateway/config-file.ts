import { stringify } from 'yaml';
import { Environment } from '../environments';

/** Seed 004's config.yaml, per environment; the app reads it from /app/configs. */
export function gatewayConfigYaml(environment: Environment): string {
  return stringify({
    // Seed 004's values in every environment: 4 workers, rate limiting on (development meets
    // the same limits as production, so a client that trips them is found early).
    server: { host: '0.0.0.0', port: 8080, workers: 4 },
    logging: { level: environment === 'development' ? 'debug' : 'info', format: 'json' },
    metrics: { enabled: true, path: '/metrics', port: 9090 },
    rate_limiting: { enabled: true, redis_url: 'redis://redis.redis:6379' },
    service_discovery: { consul_url: 'http://consul.consul:8500', datacenter: 'chaos-world' },
    health_check: { enabled: true, path: '/health', interval: '30s', timeout: '5s' },
  });
}
