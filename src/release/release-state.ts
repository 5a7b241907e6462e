import { ReleaseJson } from './release-json';
import { ImageReference } from '../core/image-reference';

/**
 * The two colours of a blue/green release.
 */
export enum Colour {
  /** Blue. */
  BLUE = 'blue',
  /** Green. */
  GREEN = 'green',
}

/**
 * Where a blue/green release stands.
 */
export enum ReleasePhase {
  /** Only the active colour runs; the idle colour has 0 replicas. */
  STABLE = 'stable',
  /** The idle colour runs the new image at full capacity behind the preview Service; live traffic is unchanged. */
  STAGED = 'staged',
  /** The active Service selects the new colour; the previous one keeps running for rollback. */
  PROMOTED = 'promoted',
}

/**
 * The content of a release file.
 */
export interface ReleaseStateProps {
  /** The colour the active Service selects. */
  readonly activeColour: Colour;
  /** The phase. */
  readonly phase: ReleasePhase;
  /** Image of the blue colour. */
  readonly blueImage: string;
  /**
   * Image of the green colour.
   * @default - the blue image (a colour that has never run anything else)
   */
  readonly greenImage?: string;
  /**
   * The release version, written to `kubernetes.io/change-cause`.
   * @default - the active colour's image tag
   */
  readonly version?: string;
  /**
   * Minimum replicas of the colour that is about to take the live load (the staged colour).
   * @default - the environment's autoscaling minimum
   */
  readonly warmReplicas?: number;
}

const COLOURS = ['blue', 'green'];
const PHASES = ['stable', 'staged', 'promoted'];
const FIELDS = ['activeColour', 'phase', 'images', 'version', 'warmReplicas'];

/**
 * A blue/green release as data: which colour is live, which image each colour runs and which
 * phase the release is in. Every change is a validated transition that returns a new state,
 * so a release is a reviewable diff of one small JSON file:
 *
 * ```json
 * { "activeColour": "blue", "phase": "stable", "images": { "blue": "api:1.2.0-abc1234", "green": "api:1.1.0-def5678" }, "version": "1.2.0-abc1234" }
 * ```
 */
export class ReleaseState {
  /** Reads and validates a release file. */
  public static fromFile(file: string): ReleaseState {
    return ReleaseState.parse(file, ReleaseJson.readFile(file, '{ "activeColour": "blue", "phase": "stable", "images": { "blue": "<image>" } }'));
  }

  /** Parses and validates release JSON; errors name the source and the field. */
  public static parse(source: string, text: string): ReleaseState {
    const json = ReleaseJson.parse(source, text, FIELDS, 'release');
    const active = json.oneOf('activeColour', COLOURS) as Colour;
    const phase = json.oneOf('phase', PHASES) as ReleasePhase;
    const images = json.fields.images;
    if (typeof images !== 'object' || images === null || Array.isArray(images)) return json.bad('images', images, 'must be an object with a "blue" and/or "green" image');
    const imageMap = images as { [key: string]: unknown };
    for (const key of Object.keys(imageMap)) {
      if (!COLOURS.includes(key)) json.bad(`images.${key}`, imageMap[key], 'is not a colour (blue, green)');
      json.image(`images.${key}`, imageMap[key]);
    }
    const version = json.version();
    const warmReplicas = json.wholeNumber('warmReplicas', 1);
    const activeImage = imageMap[active] as string | undefined;
    if (activeImage === undefined) json.bad(`images.${active}`, undefined, 'must be set: it is the image the active colour runs');
    return new ReleaseState(source, {
      activeColour: active,
      phase,
      blueImage: (imageMap.blue ?? activeImage) as string,
      greenImage: (imageMap.green ?? activeImage) as string,
      version,
      warmReplicas,
    });
  }

  /** A state from values (for code and tests); `source` names it in errors. */
  public static of(source: string, props: ReleaseStateProps): ReleaseState {
    return new ReleaseState(source, { ...props, greenImage: props.greenImage ?? props.blueImage });
  }

  /** The colour the active Service selects. */
  public readonly activeColour: Colour;
  /** The phase. */
  public readonly phase: ReleasePhase;
  /** The version for `kubernetes.io/change-cause`, if recorded. */
  public readonly version?: string;
  /** Minimum replicas of the staged colour, if recorded. */
  public readonly warmReplicas?: number;

  private readonly images: { [colour: string]: string };

  private constructor(
    /** Where the state came from (the release file), for error messages. */
    public readonly source: string,
    props: ReleaseStateProps,
  ) {
    this.activeColour = props.activeColour;
    this.phase = props.phase;
    this.version = props.version;
    this.warmReplicas = props.warmReplicas;
    this.images = { blue: props.blueImage, green: props.greenImage ?? props.blueImage };
    if (this.phase !== ReleasePhase.STABLE && this.images.blue === this.images.green) {
      throw new Error(`${source}: ZD006 'images' (blue and green both ${this.images.blue}) must differ in phase ${this.phase}: a second colour running the same image tests nothing; stage a new image with cdk8s-zd stage --image <ref>`);
    }
  }

  /** The colour the active Service does not select. */
  public get idleColour(): Colour {
    return this.activeColour === Colour.BLUE ? Colour.GREEN : Colour.BLUE;
  }

  /** The image a colour runs (or last ran). */
  public imageOf(colour: Colour): string {
    return this.images[colour];
  }

  /** Whether a colour runs pods in this phase. */
  public isRunning(colour: Colour): boolean {
    return colour === this.activeColour || this.phase !== ReleasePhase.STABLE;
  }

  /** The colour running the newest image: the staged colour while staged, else the active one. */
  public get newestColour(): Colour {
    return this.phase === ReleasePhase.STAGED ? this.idleColour : this.activeColour;
  }

  /** The release version of the newest image: recorded, else its tag. */
  public get effectiveVersion(): string {
    return this.version ?? ImageReference.parse(this.imageOf(this.newestColour)).version ?? 'unversioned';
  }

  /**
   * stable (or staged) -> staged: the idle colour runs `image` at full capacity behind the
   * preview Service. The image must differ from the active one (ZD006).
   */
  public stage(image: string, version?: string): ReleaseState {
    this.require('stage', [ReleasePhase.STABLE, ReleasePhase.STAGED], 'promote, then finalize or roll back, before staging another image');
    ImageReference.parse(image);
    if (image === this.imageOf(this.activeColour)) {
      this.refuse('stage', `the active colour ${this.activeColour} already runs ${image}`, 'build and stage a new image');
    }
    return this.next({ phase: ReleasePhase.STAGED, images: { [this.idleColour]: image }, version: version ?? ImageReference.parse(image).version });
  }

  /** staged -> promoted: the active Service selects the staged colour; the old one keeps running. */
  public promote(): ReleaseState {
    this.require('promote', [ReleasePhase.STAGED], 'stage an image first (cdk8s-zd stage --image <ref>)');
    return this.next({ phase: ReleasePhase.PROMOTED, activeColour: this.idleColour });
  }

  /** promoted -> staged: one selector change back to the previous colour; the new one stays up for inspection. */
  public rollback(): ReleaseState {
    this.require('rollback', [ReleasePhase.PROMOTED], 'only a promoted release can roll back; abort a staged one instead');
    // The new image stays up on the now idle colour: the version still describes it.
    return this.next({ phase: ReleasePhase.STAGED, activeColour: this.idleColour });
  }

  /** promoted -> stable: the previous colour scales to 0. */
  public finalize(): ReleaseState {
    this.require('finalize', [ReleasePhase.PROMOTED], 'promote the staged colour first; finalizing scales the other colour to 0');
    return this.next({ phase: ReleasePhase.STABLE });
  }

  /** staged -> stable: the staged colour scales back to 0 without ever taking live traffic. */
  public abort(): ReleaseState {
    this.require('abort', [ReleasePhase.STAGED], 'only a staged release can be aborted; roll back a promoted one');
    return this.next({ phase: ReleasePhase.STABLE, version: ImageReference.parse(this.imageOf(this.activeColour)).version });
  }

  /** The release file's JSON, keys in a fixed order, ending with a newline. */
  public toJson(): string {
    const data: { [key: string]: unknown } = {
      activeColour: this.activeColour,
      phase: this.phase,
      images: { blue: this.images.blue, green: this.images.green },
    };
    if (this.version !== undefined) data.version = this.version;
    if (this.warmReplicas !== undefined) data.warmReplicas = this.warmReplicas;
    return JSON.stringify(data, undefined, 2) + '\n';
  }

  private next(change: { phase: ReleasePhase; activeColour?: Colour; images?: { [colour: string]: string }; version?: string }): ReleaseState {
    const images = { ...this.images, ...(change.images ?? {}) };
    return new ReleaseState(this.source, {
      activeColour: change.activeColour ?? this.activeColour,
      phase: change.phase,
      blueImage: images.blue,
      greenImage: images.green,
      version: change.version ?? this.version,
      warmReplicas: this.warmReplicas,
    });
  }

  private require(action: string, phases: ReleasePhase[], fix: string): void {
    if (!phases.includes(this.phase)) {
      this.refuse(action, `phase is ${this.phase}, ${action} needs ${phases.join(' or ')}`, fix);
    }
  }

  private refuse(action: string, why: string, fix: string): never {
    throw new Error(`${this.source}: cannot ${action}: ${why}; ${fix}`);
  }
}
