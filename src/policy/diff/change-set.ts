import { ManifestModel } from '../model/manifest-model';
import { ManifestObject, apiGroup } from '../model/manifest-object';
import { PodSet } from '../model/pod-set';

/** How one object changes between base and head. */
export enum ChangeKind {
  /** In head only: created. */
  ADDED = 'added',
  /** In base only: deleted by a pruning apply. */
  REMOVED = 'removed',
  /** In both, with a different spec, data or metadata. */
  CHANGED = 'changed',
  /** In both, identical. */
  UNCHANGED = 'unchanged',
}

/** One object across the change. */
export interface ObjectChange {
  /** Group, kind, namespace and name. */
  readonly key: string;
  /** What happens to it. */
  readonly kind: ChangeKind;
  /** The object as it is (live), when it exists. */
  readonly base?: ManifestObject;
  /** The object as it will be, when it exists. */
  readonly head?: ManifestObject;
  /** Dotted paths of the fields that differ (`spec.selector`, `data.a`). */
  readonly fields: readonly string[];
}

/** Identity as the API server sees it: group (not version), kind, namespace, name. */
export function identityOf(o: ManifestObject): string {
  return `${apiGroup(o.ref.apiVersion)}|${o.kind}|${o.namespace ?? ''}|${o.name}`;
}

/** The paths at which two JSON values differ, down to `depth` levels. */
export function differingPaths(a: unknown, b: unknown, prefix = '', depth = 4): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  const isObject = (v: unknown): v is { [key: string]: unknown } => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (depth === 0 || !isObject(a) || !isObject(b)) return [prefix || '(root)'];
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.flatMap((k) => differingPaths(a[k], b[k], prefix ? `${prefix}.${k}` : k, depth - 1));
}

/**
 * The change from base (what is live) to head (what the apply makes live): each object
 * matched by identity, added, removed (when the apply prunes) or changed, with the models of
 * both sides for the rules that relate objects.
 */
export class ChangeSet {
  /** Pairs the two manifest sets; `prune` says objects missing from head are deleted. */
  public static of(base: ManifestModel, head: ManifestModel, prune: boolean): ChangeSet {
    return new ChangeSet(base, head, prune);
  }

  /** Every object of either side, in head order then base order. */
  public readonly changes: readonly ObjectChange[];

  private readonly byKey = new Map<string, ObjectChange>();
  private readonly podSets = new Map<ManifestObject, PodSet>();

  private constructor(
    /** What is live. */
    public readonly base: ManifestModel,
    /** What the apply makes live. */
    public readonly head: ManifestModel,
    /** Whether objects missing from head are deleted. */
    public readonly prune: boolean,
  ) {
    const baseByKey = new Map<string, ManifestObject>();
    for (const o of base.objects) if (!baseByKey.has(identityOf(o))) baseByKey.set(identityOf(o), o);
    const changes: ObjectChange[] = [];
    const seen = new Set<string>();
    for (const h of head.objects) {
      const key = identityOf(h);
      if (seen.has(key)) continue;
      seen.add(key);
      const b = baseByKey.get(key);
      if (!b) {
        changes.push({ key, kind: ChangeKind.ADDED, head: h, fields: [] });
        continue;
      }
      const fields = differingPaths(comparable(b), comparable(h));
      changes.push({ key, kind: fields.length > 0 ? ChangeKind.CHANGED : ChangeKind.UNCHANGED, base: b, head: h, fields });
    }
    for (const [key, b] of baseByKey) {
      if (!seen.has(key) && prune) changes.push({ key, kind: ChangeKind.REMOVED, base: b, fields: [] });
    }
    this.changes = changes;
    for (const c of changes) this.byKey.set(c.key, c);
    for (const p of [...base.podSets, ...head.podSets]) this.podSets.set(p.owner, p);
  }

  /** The change of one object, by its base or head side. */
  public changeOf(object: ManifestObject): ObjectChange | undefined {
    return this.byKey.get(identityOf(object));
  }

  /** The pod set an object of either side owns, when it runs pods. */
  public podSetOf(owner: ManifestObject): PodSet | undefined {
    return this.podSets.get(owner);
  }

  /** The base side of a head object, when it existed. */
  public baseOf(head: ManifestObject): ManifestObject | undefined {
    return this.changeOf(head)?.base;
  }

  /** Objects that exist on both sides and differ. */
  public get changed(): readonly ObjectChange[] {
    return this.changes.filter((c) => c.kind === ChangeKind.CHANGED);
  }

  /** Objects the apply deletes. */
  public get removed(): readonly ObjectChange[] {
    return this.changes.filter((c) => c.kind === ChangeKind.REMOVED);
  }

  /** Objects the apply creates. */
  public get added(): readonly ObjectChange[] {
    return this.changes.filter((c) => c.kind === ChangeKind.ADDED);
  }

  /**
   * Workloads added in head that replace a running workload removed in the same change (same
   * kind, namespace and pod labels): a rename. ZD107 reports them; the traffic rules leave them
   * to it.
   */
  public replacements(): Array<{ readonly added: PodSet; readonly removed: PodSet }> {
    const added = this.head.podSets.filter((p) => this.changeOf(p.owner)?.kind === ChangeKind.ADDED && p.longRunning);
    const out: Array<{ added: PodSet; removed: PodSet }> = [];
    for (const r of this.removed) {
      const old = this.podSetOf(r.base!);
      if (!old || !running(this.base, old)) continue;
      const replacement = added.find((p) => p.owner.kind === old.owner.kind && p.owner.namespace === old.owner.namespace
        && JSON.stringify(p.podLabels) === JSON.stringify(old.podLabels));
      if (replacement) out.push({ added: replacement, removed: old });
    }
    return out;
  }

  /** The running pod sets of base (replicas above 0, or autoscaled). */
  public runningInBase(): PodSet[] {
    return this.base.podSets.filter((p) => running(this.base, p));
  }
}

/** Whether a pod set runs pods: replicas above 0, an autoscaler's minimum, or a kind that always runs. */
export function running(model: ManifestModel, podSet: PodSet): boolean {
  if (!podSet.longRunning) return false;
  const min = model.minimumReplicas(podSet);
  return (min ?? podSet.replicas ?? 1) > 0;
}

/** An object without the fields the API server owns or that change on every apply. */
function comparable(o: ManifestObject): unknown {
  const { status: _status, ...rest } = o.raw as { [key: string]: unknown };
  return rest;
}
