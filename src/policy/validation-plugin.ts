import * as fs from 'fs';
import * as path from 'path';
import { checkManifests } from './engine';
import { Finding, FindingSeverity } from './finding';
import { readManifests } from './manifest-reader';

/*
 * The cdk8s CLI validation plugin (`validations:` in cdk8s.yaml, run by `cdk8s synth`). The
 * shapes below are the parts of cdk8s-cli's `plugins/validation` contract this plugin uses,
 * written out so the published types need no cdk8s-cli install.
 */

/** A resource named in a violation. */
export interface PluginViolatingResource {
  /** The resource's metadata.name (cdk8s-cli maps it to a construct path). */
  readonly resourceName: string;
  /** Field paths within the resource. */
  readonly locations: readonly string[];
  /** The manifest file. */
  readonly manifestPath: string;
}

/** One violation, as cdk8s-cli's `report.addViolation` takes it. */
export interface PluginViolation {
  /** The rule. */
  readonly ruleName: string;
  /** What is wrong. */
  readonly recommendation: string;
  /** How to fix it. */
  readonly fix: string;
  /** The resources that break the rule. */
  readonly violatingResources: readonly PluginViolatingResource[];
}

/** The report a plugin fills. */
export interface PluginReport {
  /** Adds a violation. */
  addViolation(violation: PluginViolation): void;
  /** Ends the report. */
  submit(status: 'success' | 'failure', metadata?: { readonly [key: string]: string }): void;
}

/** What cdk8s-cli passes to `validate`. */
export interface PluginContext {
  /** Every manifest file of the synth. */
  readonly manifests: readonly string[];
  /** The report to fill. */
  readonly report: PluginReport;
  /** Construct paths by resource name, from the app's construct-metadata.json. */
  readonly metadata?: { readonly [resourceName: string]: { readonly path: string } };
}

/** The `properties:` of the plugin in cdk8s.yaml. */
export interface ZeroDowntimeValidationProperties {
  /** The environment of every manifest (`production`). @default - from the path, else labels */
  readonly environment?: string;
  /**
   * A regular expression whose first group names a manifest's environment from its path, for
   * apps that write one folder per environment. @default '(?:^|/)(development|staging|production)(?:/|$)'
   */
  readonly environmentFromPath?: string;
  /** The target Kubernetes version. @default '1.27' */
  readonly kubernetesVersion?: string;
  /** Report warnings and notices as violations too (they never fail the synth). @default true */
  readonly reportWarnings?: boolean;
}

const DEFAULT_ENVIRONMENT_PATTERN = '(?:^|/)(development|staging|production)(?:/|$)';

/**
 * Runs the zero-downtime rules over the manifests of a `cdk8s synth`. The manifests of one
 * folder are checked together (one folder is one `kubectl apply -f`); each finding becomes a
 * violation naming the resource, the field and, through construct-metadata.json (the app's, or
 * one beside the manifests), the construct path. Error findings fail the report.
 */
export class ZeroDowntimeValidation {
  private readonly properties: ZeroDowntimeValidationProperties;

  constructor(properties: ZeroDowntimeValidationProperties = {}) {
    this.properties = properties;
  }

  /** cdk8s-cli's entry point. */
  public async validate(context: PluginContext): Promise<void> {
    const pattern = new RegExp(this.properties.environmentFromPath ?? DEFAULT_ENVIRONMENT_PATTERN);
    const byFolder = new Map<string, string[]>();
    for (const manifest of [...context.manifests].sort()) {
      const folder = path.dirname(manifest);
      byFolder.set(folder, [...(byFolder.get(folder) ?? []), manifest]);
    }
    let errors = 0;
    let warnings = 0;
    let objects = 0;
    for (const [folder, manifests] of byFolder) {
      const environment = this.properties.environment ?? pattern.exec(folder.split(path.sep).join('/'))?.[1];
      const inputs = readManifests(manifests);
      objects += inputs.length;
      const report = checkManifests(inputs, { environment, kubernetesVersion: this.properties.kubernetesVersion });
      const paths = { ...readConstructMetadata(folder), ...(context.metadata ?? {}) };
      for (const f of report.findings) {
        if (f.suppressed !== undefined) continue;
        if (f.severity === FindingSeverity.ERROR) errors++;
        else if (this.properties.reportWarnings === false) continue;
        else warnings++;
        context.report.addViolation(toViolation(f, paths[f.resource.name]?.path));
      }
    }
    context.report.submit(errors > 0 ? 'failure' : 'success', { errors: String(errors), warnings: String(warnings), objects: String(objects) });
  }
}

function toViolation(f: Finding, constructPath: string | undefined): PluginViolation {
  const where = constructPath ? `${constructPath} (${f.resource.kind}/${f.resource.name})` : `${f.resource.kind}/${f.resource.name}`;
  return {
    ruleName: f.severity === FindingSeverity.ERROR ? f.rule : `${f.rule} (${f.severity})`,
    recommendation: `${where}: ${f.message}`,
    fix: f.fix,
    violatingResources: [{ resourceName: f.resource.name, locations: [f.field], manifestPath: f.source ?? '' }],
  };
}

/** construct-metadata.json of the folder (cdk8s writes one per app outdir), or nothing. */
function readConstructMetadata(folder: string): { [name: string]: { path: string } } {
  const file = path.join(folder, 'construct-metadata.json');
  if (!fs.existsSync(file)) return {};
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { resources?: { [name: string]: { path?: unknown } } };
    const out: { [name: string]: { path: string } } = {};
    for (const [name, r] of Object.entries(parsed.resources ?? {})) if (typeof r.path === 'string') out[name] = { path: r.path };
    return out;
  } catch {
    return {};
  }
}
