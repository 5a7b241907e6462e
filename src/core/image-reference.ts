/**
 * A container image reference split into its parts: `[registry/]repository[:tag][@digest]`.
 */
export class ImageReference {
  /**
   * Parses an image reference. Throws for an empty reference or a malformed digest.
   */
  public static parse(reference: string): ImageReference {
    if (reference.trim() !== reference || reference.length === 0 || /\s/.test(reference)) {
      throw new Error(`image reference ${JSON.stringify(reference)} must be non-empty and contain no white space`);
    }
    let rest = reference;
    let digest: string | undefined;
    const at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.slice(at + 1);
      rest = rest.slice(0, at);
      if (!/^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/.test(digest)) {
        throw new Error(`image reference ${JSON.stringify(reference)} has a malformed digest (${digest}); a digest looks like sha256:<64 hex characters>`);
      }
    }
    // A ':' after the last '/' separates the tag; one before it belongs to a registry port.
    const slash = rest.lastIndexOf('/');
    const colon = rest.lastIndexOf(':');
    let tag: string | undefined;
    if (colon > slash) {
      tag = rest.slice(colon + 1);
      rest = rest.slice(0, colon);
    }
    if (rest.length === 0 || tag === '') {
      throw new Error(`image reference ${JSON.stringify(reference)} has an empty repository or tag`);
    }
    if (tag !== undefined && !TAG.test(tag)) {
      throw new Error(`image reference ${JSON.stringify(reference)} has an invalid tag (${tag}); a tag is up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'`);
    }
    // The first component is a registry when it looks like a host (a '.', a port, localhost).
    const components = rest.split('/');
    const path = components.length > 1 && /[.:]|^localhost$/.test(components[0]) ? components.slice(1) : components;
    const bad = path.find((c) => !PATH_COMPONENT.test(c));
    if (bad !== undefined) {
      throw new Error(`image reference ${JSON.stringify(reference)} has an invalid repository path component (${bad}); components are lowercase letters and digits, separated by '.', '_', '__' or '-'`);
    }
    return new ImageReference(reference, rest, tag, digest);
  }

  private constructor(
    /** The reference as written. */
    public readonly reference: string,
    /** Registry and repository, without tag or digest. */
    public readonly repository: string,
    /** The tag, if any. */
    public readonly tag?: string,
    /** The digest (`sha256:...`), if any. */
    public readonly digest?: string,
  ) {}

  /**
   * Whether the tag follows `<semver>-<gitsha>` (seed 002: `user-service:1.3.0-ab12cd3`),
   * optionally with a leading `v` and a pre-release part before the git sha.
   */
  public get hasSemverGitShaTag(): boolean {
    return this.tag !== undefined && SEMVER_GITSHA.test(this.tag);
  }

  /**
   * The version this image carries, for labels and change-cause: the tag, else the short
   * digest, else undefined.
   */
  public get version(): string | undefined {
    if (this.tag) return this.tag;
    if (this.digest) return this.digest.replace(/^[^:]+:/, '').slice(0, 12);
    return undefined;
  }
}

/** The distribution reference grammar's tag and repository path component. */
const TAG = /^[\w][\w.-]{0,127}$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*$/;

const SEMVER_GITSHA = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z]+(\.[0-9A-Za-z]+)*)?-[0-9a-f]{7,40}$/;
