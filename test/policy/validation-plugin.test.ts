import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PluginContext, PluginViolation, ZeroDowntimeValidation } from '../../src/policy/validation-plugin';

const BROKEN = path.join(__dirname, 'broken');

/** A context shaped like cdk8s-cli's: manifests, metadata and a report that records. */
function context(manifests: string[], metadata: PluginContext['metadata'] = {}) {
  const violations: PluginViolation[] = [];
  const submitted: Array<{ status: string; metadata?: { readonly [key: string]: string } }> = [];
  const ctx: PluginContext = {
    manifests,
    metadata,
    report: { addViolation: (v) => violations.push(v), submit: (status, m) => submitted.push({ status, metadata: m }) },
  };
  return { ctx, violations, submitted };
}

describe('ZeroDowntimeValidation (the cdk8s CLI validation plugin)', () => {
  test('error findings fail the report; each names the rule, the resource, the field and the manifest', async () => {
    const manifest = path.join(BROKEN, 'zd003-grace-period.yaml');
    const { ctx, violations, submitted } = context([manifest]);
    await new ZeroDowntimeValidation().validate(ctx);
    expect(violations).toEqual([{
      ruleName: 'ZD003',
      recommendation: 'Deployment/api: Deployment/api spec.template.spec.terminationGracePeriodSeconds (10) must exceed the preStop sleep of container api (15s)',
      fix: 'raise terminationGracePeriodSeconds to at least 16 plus the app\'s own drain time, or shorten the preStop sleep',
      violatingResources: [{ resourceName: 'api', locations: ['spec.template.spec.terminationGracePeriodSeconds'], manifestPath: manifest }],
    }]);
    expect(submitted).toEqual([{ status: 'failure', metadata: { errors: '1', warnings: '0', objects: '4' } }]);
  });

  test('warnings are reported but pass; reportWarnings: false leaves them out', async () => {
    const manifest = path.join(BROKEN, 'zd008-config-rolls-pods.yaml');
    const one = context([manifest]);
    await new ZeroDowntimeValidation().validate(one.ctx);
    expect(one.violations.map((v) => v.ruleName)).toEqual(['ZD008 (warning)']);
    expect(one.submitted[0].status).toBe('success');
    const quiet = context([manifest]);
    await new ZeroDowntimeValidation({ reportWarnings: false }).validate(quiet.ctx);
    expect(quiet.violations).toEqual([]);
  });

  test('construct paths come from construct-metadata.json beside the manifests, and the environment from the folder name', async () => {
    // GIVEN a cdk8s outdir per environment, as apps/main.ts writes it
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zd-plugin-'));
    const text = fs.readFileSync(path.join(BROKEN, 'zd016-production-service-redundancy.yaml'), 'utf8').replace(/zero-downtime.cdk8s.io\/environment: production/, 'team: shop');
    for (const env of ['staging', 'production']) {
      fs.mkdirSync(path.join(root, 'shop', env), { recursive: true });
      fs.writeFileSync(path.join(root, 'shop', env, 'shop.yaml'), text);
      fs.writeFileSync(path.join(root, 'shop', env, 'construct-metadata.json'), JSON.stringify({ version: '1.0.0', resources: { api: { path: `shop/${env}/Api/Service` } } }));
    }
    const { ctx, violations } = context([path.join(root, 'shop', 'staging', 'shop.yaml'), path.join(root, 'shop', 'production', 'shop.yaml')]);
    // WHEN
    await new ZeroDowntimeValidation().validate(ctx);
    // THEN only production needs two pods, and the finding names its construct
    expect(violations.map((v) => v.recommendation.split(': ')[0])).toEqual(['shop/production/Api/Service (Service/api)']);
  });
});
