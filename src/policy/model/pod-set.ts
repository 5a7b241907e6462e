import { asNumber, asObject, asString, get, JsonObject, objects, stringMap } from './json';
import { LabelSelector } from './label-selector';
import { ManifestObject } from './manifest-object';

/** One container of a pod template, and where it sits in its object. */
export interface ContainerRef {
  /** The container as rendered. */
  readonly raw: JsonObject;
  /** Its name. */
  readonly name: string;
  /** The field path to it (`spec.template.spec.containers[0]`). */
  readonly path: string;
  /** Whether it is an init container. */
  readonly init: boolean;
}

/**
 * The pods one object runs: a workload's pod template with its labels, selector and replica
 * count. An Argo Rollout with a `workloadRef` takes its template from the Deployment it names.
 */
export class PodSet {
  /** The kinds that run pods, and where their pod template is. */
  public static readonly TEMPLATE_PATHS: { readonly [kind: string]: readonly string[] } = {
    Deployment: ['spec', 'template'],
    StatefulSet: ['spec', 'template'],
    DaemonSet: ['spec', 'template'],
    ReplicaSet: ['spec', 'template'],
    Rollout: ['spec', 'template'],
    Job: ['spec', 'template'],
    CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  };

  /** The pod set of a workload, or undefined for other kinds (and a Rollout whose template is missing). */
  public static of(owner: ManifestObject, resolveWorkloadRef: (ref: JsonObject) => ManifestObject | undefined): PodSet | undefined {
    const path = PodSet.TEMPLATE_PATHS[owner.kind];
    if (!path) return undefined;
    let template = asObject(get(owner.raw, ...path));
    let templatePath = path.join('.');
    let templateOwner = owner;
    const workloadRef = asObject(owner.spec.workloadRef);
    if (owner.kind === 'Rollout' && !template && workloadRef) {
      const target = resolveWorkloadRef(workloadRef);
      if (target) {
        template = asObject(get(target.raw, 'spec', 'template'));
        templatePath = 'spec.template';
        templateOwner = target;
      }
    }
    if (!template) return undefined;
    return new PodSet(owner, template, templatePath, templateOwner);
  }

  /** The pod template's labels. */
  public readonly podLabels: { readonly [key: string]: string };
  /** The pod template's annotations. */
  public readonly podAnnotations: { readonly [key: string]: string };
  /** The pod spec. */
  public readonly podSpec: JsonObject;
  /** The workload's selector (undefined for Jobs and CronJobs without one). */
  public readonly selector?: LabelSelector;

  private constructor(
    /** The object that runs the pods. */
    public readonly owner: ManifestObject,
    /** The pod template. */
    public readonly template: JsonObject,
    /** The field path of the template (`spec.template`). */
    public readonly templatePath: string,
    /** The object the template was read from (the Rollout, or the Deployment of its workloadRef). */
    public readonly templateOwner: ManifestObject,
  ) {
    this.podLabels = stringMap(get(template, 'metadata', 'labels'));
    this.podAnnotations = stringMap(get(template, 'metadata', 'annotations'));
    this.podSpec = asObject(template.spec) ?? {};
    const selector = owner.kind === 'CronJob' ? get(owner.raw, 'spec', 'jobTemplate', 'spec', 'selector') : owner.spec.selector;
    this.selector = LabelSelector.fromSelector(selector);
  }

  /** Whether pods of this set serve requests (long-running workloads; Jobs and CronJobs do not). */
  public get longRunning(): boolean {
    return this.owner.kind !== 'Job' && this.owner.kind !== 'CronJob';
  }

  /**
   * The replica count as written: `spec.replicas`, 1 when unset (the API server's default),
   * undefined for a DaemonSet (one per node) and for Jobs.
   */
  public get replicas(): number | undefined {
    if (!this.longRunning || this.owner.kind === 'DaemonSet') return undefined;
    return asNumber(this.owner.spec.replicas) ?? (this.owner.spec.replicas === undefined ? 1 : undefined);
  }

  /** Whether `spec.replicas` is written at all. */
  public get replicasWritten(): boolean {
    return this.owner.spec.replicas !== undefined;
  }

  /** The app containers (and, with `init`, the init containers) with their field paths. */
  public containers(init = false): ContainerRef[] {
    const base = `${this.templatePath}.spec`;
    const main = objects(this.podSpec.containers).map((raw, i) => ({ raw, name: asString(raw.name) ?? `#${i}`, path: `${base}.containers[${i}]`, init: false }));
    if (!init) return main;
    const inits = objects(this.podSpec.initContainers).map((raw, i) => ({ raw, name: asString(raw.name) ?? `#${i}`, path: `${base}.initContainers[${i}]`, init: true }));
    return [...inits, ...main];
  }

  /** Every named container port of the template, by name, with its number. */
  public namedPorts(): Map<string, number> {
    const out = new Map<string, number>();
    for (const c of this.containers()) {
      for (const p of objects(c.raw.ports)) {
        const name = asString(p.name);
        const port = asNumber(p.containerPort);
        if (name && port !== undefined) out.set(name, port);
      }
    }
    return out;
  }

}
