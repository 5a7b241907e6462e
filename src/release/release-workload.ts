import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { checkValue } from '../core/checks';
import { portProblem, wholeNumberProblem } from '../core/k8s-numbers';
import { fail } from '../core/violation';
import { IObservableWorkload } from '../observability/observable-workload';
import { AutoscaledWorkload, AutoscalingOptions } from '../scaling/autoscaled-workload';
import { BlueprintWorkload } from '../workload/blueprint-workload';
import { PodBlueprint } from '../workload/pod-blueprint';
import { WorkloadPodProps } from '../workload/pod-props';
import { podBlueprintProps } from '../workload/prop-picks';
import { RolloutSettings } from '../workload/scalable-deployment';
import { renderService } from '../workload/service';

/**
 * What GatewayDeployment, BlueGreenService and CanaryRelease share: the pod, the rollout and
 * disruption settings, the serving size, the Service port and autoscaling.
 */
export interface ReleaseWorkloadProps extends WorkloadPodProps, RolloutSettings {
  /**
   * Pods of the version that serves live traffic, the same meaning in every construct: the
   * Deployment's pods (GatewayDeployment), each running colour's pods (BlueGreenService), the
   * stable track's pods (CanaryRelease; a canary's pods come on top). While an autoscaler
   * manages them, its minimum takes this place.
   * @default - the profile's replicas
   */
  readonly replicas?: number;
  /**
   * The port the Services listen on (each targets the named serving port).
   * @default 80
   */
  readonly servicePort?: number;
  /**
   * Autoscaling of the serving pods: the Deployment, each running colour (a colour at 0 pods
   * has none), the stable track or the Rollout.
   * @default - fixed replicas
   */
  readonly autoscaling?: AutoscalingOptions;
  /**
   * Whether to add a headless Service `<name>-headless` on the container port, over every pod
   * of the release (each colour, each track), for clients that resolve pod addresses.
   * @default false
   */
  readonly headlessService?: boolean;
}

/** A Service of a release, as the skeleton renders it. */
interface ReleaseServiceOptions {
  readonly name: string;
  readonly selector: { [key: string]: string };
  readonly annotations?: { [key: string]: string };
  readonly headless?: boolean;
}

/**
 * The skeleton of the release constructs: one pod blueprint, the workloads rendered from it,
 * the Services in front, the disruption budgets and the autoscalers, exposed with the same
 * names by all three. Each construct decides which workloads and Services a release needs;
 * the skeleton renders and records them the same way.
 */
export abstract class ReleaseWorkload extends Construct implements IObservableWorkload {
  /** The pod blueprint every workload of the release renders. */
  public readonly blueprint: PodBlueprint;
  /** The label telling a release's pods apart (`pod-template-hash`, a colour, a track, Argo's hash). */
  public readonly releaseLabelKey: string;
  /** Pods of the version that serves live traffic while no autoscaler manages them. */
  public readonly replicas: number;
  /** The port every Service listens on. */
  public readonly servicePort: number;
  /** The workloads (Deployments or the Rollout), in the order rendered. */
  public readonly workloads: ApiObject[] = [];
  /** The Services, in the order rendered. */
  public readonly services: ApiObject[] = [];
  /** The autoscalers, one per autoscaled workload. */
  public readonly autoscalers: AutoscaledWorkload[] = [];


  private readonly parts: BlueprintWorkload[] = [];
  private headless?: ApiObject;
  private readonly autoscaling?: AutoscalingOptions;

  protected constructor(scope: Construct, id: string, props: ReleaseWorkloadProps, image: string, releaseLabelKey: string) {
    super(scope, id);
    this.blueprint = new PodBlueprint(this, 'Pod', podBlueprintProps(props, image));
    this.releaseLabelKey = releaseLabelKey;
    this.replicas = props.replicas ?? this.blueprint.profile.replicas;
    if (wholeNumberProblem(this.replicas, 1)) {
      fail(this, { prop: 'replicas', found: `${props.replicas}`, needed: 'must be a whole number of at least 1: these pods serve live traffic', fix: 'set replicas to 1 or more' });
    }
    this.servicePort = props.servicePort ?? 80;
    checkValue(this, 'servicePort', this.servicePort, portProblem(this.servicePort), 'use the port clients call, such as 80');
    this.autoscaling = props.autoscaling;
  }

  /** The headless Service `<name>-headless`, when enabled. */
  public get headlessService(): ApiObject | undefined {
    return this.headless;
  }

  /** The PodDisruptionBudgets of the workloads that have one. */
  public get disruptionBudgets(): ApiObject[] {
    return this.parts.map((p) => p.podDisruptionBudget).filter((b): b is ApiObject => b !== undefined);
  }

  /**
   * Records a workload of the release and its object.
   * @internal
   */
  protected _addWorkload(part: BlueprintWorkload, resource: ApiObject): void {
    this.parts.push(part);
    this.workloads.push(resource);
  }

  /**
   * Attaches the release's autoscaling to a workload, at `minReplicas` instead of the
   * autoscaling minimum when given.
   * @internal
   */
  protected _autoscale(target: BlueprintWorkload, minReplicas?: number): void {
    if (!this.autoscaling) return;
    this.autoscalers.push(new AutoscaledWorkload(target, 'Scaling', { ...this.autoscaling, target, minReplicas: minReplicas ?? this.autoscaling.minReplicas }));
  }

  /**
   * Whether the release autoscales.
   * @internal
   */
  protected get _autoscaled(): boolean {
    return this.autoscaling !== undefined;
  }

  /**
   * Renders the headless Service over every pod of the release, when the props ask for it.
   * @internal
   */
  protected _addHeadlessService(props: ReleaseWorkloadProps, selector: { [key: string]: string }): void {
    if (!props.headlessService) return;
    this.headless = this._addService('HeadlessService', { name: `${props.name}-headless`, selector, headless: true });
  }

  /**
   * Renders a Service of the release on the serving port.
   * @internal
   */
  protected _addService(id: string, options: ReleaseServiceOptions): ApiObject {
    const service = renderService(this, id, {
      name: options.name,
      labels: this.blueprint.labels.withoutVersion,
      selector: options.selector,
      annotations: options.annotations,
      portName: this.blueprint.portName,
      port: options.headless ? this.blueprint.port : this.servicePort,
      headless: options.headless,
    });
    this.services.push(service);
    return service;
  }
}
