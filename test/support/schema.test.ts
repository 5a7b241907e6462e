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

  test('rejects a wrong type', () => {
    const wrong = { ...deployment, spec: { ...deployment.spec, replicas: 'three' } };
    expect(schemaProblems(wrong)).toContain('Deployment/web /spec/replicas: must be integer');
  });

  test('rejects a number outside int32, as the API server does', () => {
    const huge = { ...deployment, spec: { ...deployment.spec, replicas: 1e10 } };
    expect(schemaProblems(huge)).toEqual(['Deployment/web /spec/replicas: must match format "int32"']);
  });

  test('rejects a quantity the API server cannot parse', () => {
    const bad = JSON.parse(JSON.stringify(deployment));
    bad.spec.template.spec.containers[0].resources = { requests: { memory: '1.024e+21Gi' } };
    expect(schemaProblems(bad)).toContainEqual(expect.stringMatching(/^Deployment\/web \/spec\/template\/spec\/containers\/0\/resources\/requests\/memory: must match pattern/));
  });

  test('accepts every quantity form the API server accepts', () => {
    const good = JSON.parse(JSON.stringify(deployment));
    good.spec.template.spec.containers[0].resources = { requests: { 'cpu': '250m', 'memory': '1.5Gi', 'ephemeral-storage': '1e9' }, limits: { cpu: 2, memory: '+.5Ki' } };
    expect(schemaProblems(good)).toEqual([]);
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
