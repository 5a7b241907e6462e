import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import { canonicalQuantity } from '../core/quantity';

/**
 * Requests and limits for one container, every value explicit.
 */
export interface ResourcePresetProps {
  /** CPU the scheduler reserves. */
  readonly cpuRequest: Cpu;
  /** CPU the container is throttled at. */
  readonly cpuLimit: Cpu;
  /** Memory the scheduler reserves. */
  readonly memoryRequest: Size;
  /** Memory at which the container is OOM-killed. */
  readonly memoryLimit: Size;
  /**
   * Local ephemeral storage the scheduler reserves (logs, emptyDir /tmp).
   * @default Size.mebibytes(128)
   */
  readonly ephemeralStorageRequest?: Size;
  /**
   * Local ephemeral storage at which the pod is evicted.
   * @default Size.mebibytes(512)
   */
  readonly ephemeralStorageLimit?: Size;
}

/**
 * Container resources as named presets. Seed 003's small and large services are built in.
 */
export class ResourcePreset {
  /** Seed 003's small service: 100m / 64Mi requested, 200m / 128Mi limit. */
  public static small(): ResourcePreset {
    return new ResourcePreset('small', {
      cpuRequest: Cpu.millis(100),
      cpuLimit: Cpu.millis(200),
      memoryRequest: Size.mebibytes(64),
      memoryLimit: Size.mebibytes(128),
    });
  }

  /** Seed 003's large service: 500m / 512Mi requested, 1000m / 1Gi limit. */
  public static large(): ResourcePreset {
    return new ResourcePreset('large', {
      cpuRequest: Cpu.millis(500),
      cpuLimit: Cpu.millis(1000),
      memoryRequest: Size.mebibytes(512),
      memoryLimit: Size.gibibytes(1),
      ephemeralStorageRequest: Size.mebibytes(256),
      ephemeralStorageLimit: Size.gibibytes(1),
    });
  }

  /** A preset with explicit values. Each request must not exceed its limit. */
  public static of(name: string, props: ResourcePresetProps): ResourcePreset {
    return new ResourcePreset(name, props);
  }

  /** CPU request in millicores. */
  public readonly cpuRequestMillis: number;
  /** CPU limit in millicores. */
  public readonly cpuLimitMillis: number;
  /** Memory request in MiB. */
  public readonly memoryRequestMebibytes: number;
  /** Memory limit in MiB. */
  public readonly memoryLimitMebibytes: number;
  /** Ephemeral storage request in MiB. */
  public readonly ephemeralStorageRequestMebibytes: number;
  /** Ephemeral storage limit in MiB. */
  public readonly ephemeralStorageLimitMebibytes: number;

  private constructor(
    /** The preset's name, for error messages and docs. */
    public readonly name: string,
    props: ResourcePresetProps,
  ) {
    this.cpuRequestMillis = cpuMillis(props.cpuRequest);
    this.cpuLimitMillis = cpuMillis(props.cpuLimit);
    this.memoryRequestMebibytes = props.memoryRequest.toMebibytes();
    this.memoryLimitMebibytes = props.memoryLimit.toMebibytes();
    this.ephemeralStorageRequestMebibytes = (props.ephemeralStorageRequest ?? Size.mebibytes(128)).toMebibytes();
    this.ephemeralStorageLimitMebibytes = (props.ephemeralStorageLimit ?? Size.mebibytes(512)).toMebibytes();
    const pairs: Array<[string, number, number, string]> = [
      ['cpu', this.cpuRequestMillis, this.cpuLimitMillis, 'm'],
      ['memory', this.memoryRequestMebibytes, this.memoryLimitMebibytes, 'Mi'],
      ['ephemeralStorage', this.ephemeralStorageRequestMebibytes, this.ephemeralStorageLimitMebibytes, 'Mi'],
    ];
    for (const [resource, request, limit, unit] of pairs) {
      if (!(request > 0) || request > limit) {
        throw new Error(
          `ResourcePreset ${name}: '${resource}Request' (${request}${unit}) must be above 0 and at most '${resource}Limit' (${limit}${unit}); lower the request or raise the limit`,
        );
      }
    }
  }

  /**
   * The Kubernetes `resources` block: quantities keyed by resource name, each in the canonical
   * form the API server writes back (`1` for 1000m, `1Gi` for 1024Mi).
   */
  public toQuantities(): ResourceQuantities {
    return {
      requests: {
        'cpu': formatMillis(this.cpuRequestMillis),
        'memory': formatMebibytes(this.memoryRequestMebibytes),
        'ephemeral-storage': formatMebibytes(this.ephemeralStorageRequestMebibytes),
      },
      limits: {
        'cpu': formatMillis(this.cpuLimitMillis),
        'memory': formatMebibytes(this.memoryLimitMebibytes),
        'ephemeral-storage': formatMebibytes(this.ephemeralStorageLimitMebibytes),
      },
    };
  }
}

/** Requests and limits as Kubernetes quantity strings. */
export interface ResourceQuantities {
  /** Quantities the scheduler reserves. */
  readonly requests: { [resource: string]: string };
  /** Quantities the container may not exceed. */
  readonly limits: { [resource: string]: string };
}

function cpuMillis(cpu: Cpu): number {
  const amount = cpu.amount;
  return amount.endsWith('m') ? Number(amount.slice(0, -1)) : Math.round(Number(amount) * 1000);
}

/** Written as the API server writes it back (`1000m` is `1`): an Argo Rollout's template stays ours. */
function formatMillis(millis: number): string {
  return canonicalQuantity(`${millis}m`)!;
}

function formatMebibytes(mebibytes: number): string {
  const text = mebibytes % 1024 === 0 ? `${mebibytes / 1024}Gi` : `${mebibytes}Mi`;
  // A size too large to be a quantity stays as it is, for the validation to name it.
  return canonicalQuantity(text) ?? text;
}
