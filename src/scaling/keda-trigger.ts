/**
 * Options of a Kafka consumer-lag trigger.
 */
export interface KafkaLagOptions {
  /** Kafka bootstrap servers (`kafka:9092`). */
  readonly bootstrapServers: string;
  /** The consumer group whose lag is measured. */
  readonly consumerGroup: string;
  /** The topic. */
  readonly topic: string;
  /** Lag per replica that triggers scaling out. */
  readonly lagThreshold: number;
}

/**
 * Options of a Prometheus query trigger.
 */
export interface PrometheusTriggerOptions {
  /** Prometheus' address (`http://prometheus.monitoring:9090`). */
  readonly serverAddress: string;
  /** A PromQL query returning one number. */
  readonly query: string;
  /** The value per replica that triggers scaling out. */
  readonly threshold: number;
}

/**
 * A KEDA ScaledObject trigger.
 */
export class KedaTrigger {
  /** Scale a consumer group on its lag (seed 002's notification service). */
  public static kafkaLag(options: KafkaLagOptions): KedaTrigger {
    return new KedaTrigger('kafka', {
      bootstrapServers: options.bootstrapServers,
      consumerGroup: options.consumerGroup,
      topic: options.topic,
      lagThreshold: `${options.lagThreshold}`,
    });
  }

  /** Scale on a PromQL query. */
  public static prometheus(options: PrometheusTriggerOptions): KedaTrigger {
    return new KedaTrigger('prometheus', { serverAddress: options.serverAddress, query: options.query, threshold: `${options.threshold}` });
  }

  /** Any KEDA scaler by its type (`cron`, `rabbitmq`, ...) and metadata. */
  public static custom(scalerType: string, metadata: { [key: string]: string }): KedaTrigger {
    return new KedaTrigger(scalerType, metadata);
  }

  private constructor(
    /** The KEDA scaler type (a trigger's `type`). */
    public readonly scalerType: string,
    /** The scaler's metadata. */
    public readonly metadata: { [key: string]: string },
  ) {}
}
