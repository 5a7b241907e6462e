import { schemaProblems } from './schema';

describe('strict schema validation', () => {
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.25.0-abcdef1' }] },
      },
    },
  };

  test('accepts a valid Deployment', () => {
    expect(schemaProblems(deployment)).toEqual([]);
  });

  test('rejects a misspelt field that the API server would reject', () => {
    // GIVEN
    const misspelt = { ...deployment, spec: { ...deployment.spec, replica: 3 } };
    // THEN
    expect(schemaProblems(misspelt)).toEqual(['Deployment/web /spec: unknown field "replica"']);
  });

  test('rejects a wrong type through both passes', () => {
    const wrong = { ...deployment, spec: { ...deployment.spec, replicas: 'three' } };
    const problems = schemaProblems(wrong);
    expect(problems).toContain('Deployment/web /spec/replicas: must be integer');
    expect(problems.some((p) => p.startsWith('Deployment/web (model package):'))).toBe(true);
  });

  test('rejects a field added after Kubernetes 1.27', () => {
    // PodSpec.resources arrived in 1.32; the 1.27 schema does not know it.
    const newer = JSON.parse(JSON.stringify(deployment));
    newer.spec.template.spec.resources = { requests: { cpu: '1' } };
    expect(schemaProblems(newer)).toContain('Deployment/web /spec/template/spec: unknown field "resources"');
  });

  test('validates custom resources against their CRD schema, metadata included', () => {
    const rollout = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: { name: 'api', labelz: {} },
      spec: { strategy: { blueGreen: { activeService: 'api', autoPromotionEnabld: false } } },
    };
    expect(schemaProblems(rollout)).toEqual([
      'Rollout/api /metadata: unknown field "labelz"',
      'Rollout/api /spec/strategy/blueGreen: unknown field "autoPromotionEnabld"',
    ]);
  });

  test('refuses kinds without a schema', () => {
    expect(() => schemaProblems({ apiVersion: 'example.com/v1', kind: 'Widget' })).toThrow(
      'no Kubernetes 1.27 or CRD schema for example.com/v1/Widget: only kinds with a published schema may be rendered',
    );
  });
});
