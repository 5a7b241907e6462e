import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { fail } from '../core/violation';
import { checkDisruptionBudget } from '../policy/rules/zd004-disruption-budget';

/** What a disruption budget protects. */
export interface DisruptionBudgetOptions {
  /** Name of the budget (the workload's name). */
  readonly name: string;
  /** Namespace, if any. */
  readonly namespace?: string;
  /** Labels of the budget object. */
  readonly labels: { [key: string]: string };
  /** The workload's pod selector. */
  readonly selector: { [key: string]: string };
  /** Whether the environment wants budgets. */
  readonly wanted: boolean;
  /** Whether the user switched the budget off explicitly. */
  readonly explicitlyDisabled: boolean;
  /** Pods a voluntary disruption may take at once. */
  readonly maxUnavailable: number;
}

/**
 * Owns the one PodDisruptionBudget of a workload and keeps it consistent (ZD004) with the
 * lowest replica count the workload can run at: its replicas, or its autoscaler's minimum.
 * Shared by every workload kind so the rule lives in one place.
 */
export class DisruptionBudgetKeeper {
  /** The budget, once one is needed. */
  public budget?: ApiObject;

  /**
   * @param scope where the budget object is created
   * @param errorScope the construct errors are reported on (the one the user configured)
   */
  constructor(private readonly scope: Construct, private readonly errorScope: Construct, private readonly options: DisruptionBudgetOptions) {}

  /** Checks ZD004 for this minimum and creates the budget when the minimum needs one. */
  public ensure(minReplicas: number): void {
    const { wanted, explicitlyDisabled, maxUnavailable } = this.options;
    const needed = wanted && minReplicas >= 2;
    if (needed || explicitlyDisabled) {
      const violation = checkDisruptionBudget(minReplicas, wanted, maxUnavailable);
      if (violation) fail(this.errorScope, violation);
    }
    if (needed && !this.budget) {
      this.budget = new k8s.KubePodDisruptionBudget(this.scope, 'DisruptionBudget', {
        metadata: { name: this.options.name, namespace: this.options.namespace, labels: this.options.labels },
        spec: {
          maxUnavailable: k8s.IntOrString.fromNumber(maxUnavailable),
          selector: { matchLabels: this.options.selector },
          // Lets a drain evict pods that never became ready instead of blocking on them.
          unhealthyPodEvictionPolicy: 'AlwaysAllow',
        },
      });
    }
  }
}
