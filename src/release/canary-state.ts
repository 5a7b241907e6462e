import { ReleaseJson } from './release-json';
import { ImageReference } from '../core/image-reference';

/**
 * The content of a canary release file.
 */
export interface CanaryStateProps {
  /** The image the stable track runs. */
  readonly stableImage: string;
  /**
   * The image the canary track runs.
   * @default - no canary
   */
  readonly canaryImage?: string;
  /**
   * Percentage of traffic (or of replicas) the canary takes, 0 to 100.
   * @default 0
   */
  readonly weight?: number;
  /**
   * The release version, written to `kubernetes.io/change-cause` of the canary.
   * @default - the canary image's tag
   */
  readonly version?: string;
}

const FIELDS = ['strategy', 'stable', 'canary', 'weight', 'version'];

/**
 * A canary release as data: the stable image, the canary image and the canary's weight. Like
 * ReleaseState, every change is a validated transition returning a new state:
 *
 * ```json
 * { "strategy": "canary", "stable": "api:1.2.0-abc1234", "canary": "api:1.3.0-def5678", "weight": 20 }
 * ```
 */
export class CanaryState {
  /** Whether release JSON describes a canary (`"strategy": "canary"`). */
  public static isCanary(text: string): boolean {
    try {
      const data = JSON.parse(text);
      return typeof data === 'object' && data !== null && data.strategy === 'canary';
    } catch {
      return false;
    }
  }

  /** Reads and validates a canary release file. */
  public static fromFile(file: string): CanaryState {
    return CanaryState.parse(file, ReleaseJson.readFile(file, '{ "strategy": "canary", "stable": "<image>", "weight": 0 }'));
  }

  /** Parses and validates canary release JSON; errors name the source and the field. */
  public static parse(source: string, text: string): CanaryState {
    const json = ReleaseJson.parse(source, text, FIELDS, 'canary release');
    json.oneOf('strategy', ['canary']);
    const stable = json.image('stable', json.fields.stable);
    const canary = json.fields.canary === undefined ? undefined : json.image('canary', json.fields.canary);
    const version = json.version();
    const weight = json.fields.weight;
    if (weight !== undefined && typeof weight !== 'number') json.bad('weight', weight, 'must be a whole percentage from 0 to 100 (null is not 0)');
    return new CanaryState(source, { stableImage: stable, canaryImage: canary, weight: weight as number | undefined, version });
  }

  /** A state from values (for code and tests); `source` names it in errors. */
  public static of(source: string, props: CanaryStateProps): CanaryState {
    return new CanaryState(source, props);
  }

  /** The stable image. */
  public readonly stableImage: string;
  /** The canary image, while a canary runs. */
  public readonly canaryImage?: string;
  /** The canary's weight in percent. */
  public readonly weight: number;
  /** The recorded version, if any. */
  public readonly version?: string;

  private constructor(
    /** Where the state came from, for error messages. */
    public readonly source: string,
    props: CanaryStateProps,
  ) {
    this.stableImage = props.stableImage;
    this.canaryImage = props.canaryImage;
    this.weight = props.weight ?? 0;
    this.version = props.version;
    if (!Number.isInteger(this.weight) || this.weight < 0 || this.weight > 100) {
      throw new Error(`${source}: 'weight' (${this.weight}) must be a whole percentage from 0 to 100; fix the field or use cdk8s-zd canary --weight <0-100>`);
    }
    if (this.canaryImage === undefined && this.weight !== 0) {
      throw new Error(`${source}: 'weight' (${this.weight}) must be 0 while no canary runs; start one with cdk8s-zd canary --image <ref>`);
    }
    if (this.canaryImage !== undefined && this.canaryImage === this.stableImage) {
      throw new Error(`${source}: 'canary' (${this.canaryImage}) must differ from the stable image: a canary of the same image tests nothing; stage a new image`);
    }
  }

  /** Whether a canary runs. */
  public get hasCanary(): boolean {
    return this.canaryImage !== undefined;
  }

  /** The canary's version: recorded, else its tag. */
  public get canaryVersion(): string | undefined {
    return this.canaryImage === undefined ? undefined : this.version ?? ImageReference.parse(this.canaryImage).version;
  }

  /**
   * Starts a canary with `image`, or moves the running one to `weight` percent.
   */
  public canary(weight: number, image?: string): CanaryState {
    const next = image ?? this.canaryImage;
    if (next === undefined) {
      throw new Error(`${this.source}: cannot canary: no canary runs and no image was given; cdk8s-zd canary --image <ref> --weight <percent>`);
    }
    ImageReference.parse(next);
    const version = image !== undefined && image !== this.canaryImage ? ImageReference.parse(image).version : this.version;
    return new CanaryState(this.source, { stableImage: this.stableImage, canaryImage: next, weight, version });
  }

  /** The canary becomes stable; no canary remains. */
  public promote(): CanaryState {
    if (this.canaryImage === undefined) {
      throw new Error(`${this.source}: cannot promote: no canary runs; start one with cdk8s-zd canary --image <ref>`);
    }
    return new CanaryState(this.source, { stableImage: this.canaryImage, weight: 0, version: this.canaryVersion });
  }

  /** The canary is removed; all traffic goes to stable. */
  public rollback(): CanaryState {
    if (this.canaryImage === undefined) {
      throw new Error(`${this.source}: cannot rollback: no canary runs; nothing to roll back`);
    }
    return new CanaryState(this.source, { stableImage: this.stableImage, weight: 0 });
  }

  /** The release file's JSON, keys in a fixed order, ending with a newline. */
  public toJson(): string {
    const data: { [key: string]: unknown } = { strategy: 'canary', stable: this.stableImage };
    if (this.canaryImage !== undefined) data.canary = this.canaryImage;
    data.weight = this.weight;
    if (this.version !== undefined) data.version = this.version;
    return JSON.stringify(data, undefined, 2) + '\n';
  }
}
