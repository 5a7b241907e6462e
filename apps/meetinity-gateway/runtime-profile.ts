import { Duration } from 'cdk8s';
import { ConfigLayers } from '../../src';

/**
 * Seed 000's runtime knobs, read from the .env layers with typed getters: a bad value fails
 * synth with the file and line, and the values can drive constructs (the grace period).
 */
export interface RuntimeProfile {
  readonly poolConnections: number;
  readonly poolMaxSize: number;
  readonly poolBlock: boolean;
  readonly streamUpstream: boolean;
  readonly streamChunkSize: number;
  readonly cacheEnabled: boolean;
  readonly cacheDefaultTtl: Duration;
  readonly workers: number;
  readonly threads: number;
  readonly gracefulTimeout: Duration;
  readonly maxRequests: number;
  readonly connectTimeout: Duration;
  readonly readTimeout: Duration;
}

/** Reads the runtime profile of one environment from its layers. */
export function readRuntimeProfile(config: ConfigLayers): RuntimeProfile {
  return {
    poolConnections: config.getInteger('PROXY_POOL_CONNECTIONS'),
    poolMaxSize: config.getInteger('PROXY_POOL_MAXSIZE'),
    poolBlock: config.getBoolean('PROXY_POOL_BLOCK'),
    streamUpstream: config.getBoolean('PROXY_STREAM_UPSTREAM'),
    streamChunkSize: config.getInteger('PROXY_STREAM_CHUNK_SIZE'),
    cacheEnabled: config.getBoolean('CACHE_ENABLED'),
    cacheDefaultTtl: config.getDuration('CACHE_DEFAULT_TTL'),
    workers: config.getInteger('WSGI_WORKERS'),
    threads: config.getInteger('WSGI_THREADS'),
    gracefulTimeout: config.getDuration('WSGI_GRACEFUL_TIMEOUT'),
    maxRequests: config.getInteger('WSGI_MAX_REQUESTS'),
    connectTimeout: config.getDuration('PROXY__TIMEOUT__CONNECT'),
    readTimeout: config.getDuration('PROXY__TIMEOUT__READ'),
  };
}
