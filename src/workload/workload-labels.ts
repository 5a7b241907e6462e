import { isDnsLabel } from '../core/names';
import { APP_LABELS, MANAGED_BY } from '../core/well-known-keys';

/**
 * Inputs for the recommended `app.kubernetes.io/*` labels.
 */
export interface WorkloadLabelsProps {
  /** The application name (`app.kubernetes.io/name`), a DNS label. */
  readonly name: string;
  /**
   * The instance (`app.kubernetes.io/instance`), unique per installation.
   * @default - the name
   */
  readonly instance?: string;
  /**
   * The higher-level system this belongs to (`app.kubernetes.io/part-of`).
   * @default - no label
   */
  readonly partOf?: string;
  /**
   * The component within the architecture (`app.kubernetes.io/component`).
   * @default - no label
   */
  readonly component?: string;
  /**
   * The version (`app.kubernetes.io/version`). Never part of a selector.
   * @default - no label
   */
  readonly version?: string;
}

/**
 * The recommended label set and the stable selector derived from it.
 *
 * The selector holds only `app.kubernetes.io/name` and `app.kubernetes.io/instance`: a
 * Deployment selector is immutable, so nothing that changes between releases (version,
 * construct path) may be part of it.
 */
export class WorkloadLabels {
  /** The value of `app.kubernetes.io/managed-by` on everything this library renders. */
  public static readonly MANAGED_BY: string = MANAGED_BY;

  /** `app.kubernetes.io/name`. */
  public readonly name: string;
  /** `app.kubernetes.io/instance`. */
  public readonly instance: string;
  private readonly props: WorkloadLabelsProps;

  constructor(props: WorkloadLabelsProps) {
    checkDnsLabel('name', props.name);
    checkDnsLabel('instance', props.instance ?? props.name);
    this.props = props;
    this.name = props.name;
    this.instance = props.instance ?? props.name;
  }

  /** The selector labels: name and instance. */
  public get selector(): { [key: string]: string } {
    return {
      [APP_LABELS.name]: this.name,
      [APP_LABELS.instance]: this.instance,
    };
  }

  /**
   * The recommended labels without the version: for objects that outlive a release (Services,
   * ServiceAccounts, budgets, autoscalers), so a release changes only what it must.
   */
  public get withoutVersion(): { [key: string]: string } {
    const { [APP_LABELS.version]: _version, ...rest } = this.all;
    return rest;
  }

  /** Every recommended label, selector labels first. */
  public get all(): { [key: string]: string } {
    const labels: { [key: string]: string } = { ...this.selector };
    if (this.props.version) labels[APP_LABELS.version] = toLabelValue(this.props.version);
    if (this.props.component) labels[APP_LABELS.component] = toLabelValue(this.props.component);
    if (this.props.partOf) labels[APP_LABELS.partOf] = toLabelValue(this.props.partOf);
    labels[APP_LABELS.managedBy] = WorkloadLabels.MANAGED_BY;
    return labels;
  }
}

function checkDnsLabel(prop: string, value: string): void {
  if (!isDnsLabel(value)) {
    throw new Error(`WorkloadLabels: '${prop}' (${JSON.stringify(value)}) must be a DNS label of at most 63 lowercase letters, digits and '-'; rename it`);
  }
}

/** Turns free text (an image tag) into a valid label value: 63 characters of [A-Za-z0-9._-]. */
function toLabelValue(value: string): string {
  return value.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 63).replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
}
