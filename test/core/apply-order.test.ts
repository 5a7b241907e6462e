import { ApiObject, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { ApplyOrder, ApplyPhase, GatewayDeployment, HardenedNamespace, MigrationJob } from '../../src';

const IMAGE = 'ghcr.io/acme/api:1.4.0-abcdef1';

describe('ApplyOrder', () => {
  test('namespace, configuration, migration, workload, service, scaling, monitoring, post-rollout: whatever order they were defined in', () => {
    // GIVEN objects defined in reverse apply order
    const chart = Testing.chart();
    new k8s.KubeCronJob(chart, 'Backup', { metadata: { name: 'backup' }, spec: { schedule: '0 2 * * *', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'b', image: IMAGE }] } } } } } });
    new GatewayDeployment(chart, 'Api', { name: 'api', image: IMAGE });
    new MigrationJob(chart, 'Migration', { name: 'api', image: IMAGE, command: ['migrate'] });
    new k8s.KubeConfigMap(chart, 'Config', { metadata: { name: 'config' } });
    new HardenedNamespace(chart, 'Namespace', { name: 'shop' });
    // WHEN
    const kinds = Testing.synth(chart).map((o) => `${o.kind}/${o.metadata.name}`);
    // THEN
    expect(kinds).toEqual(['Namespace/shop', 'ServiceAccount/api', 'ConfigMap/config', expect.stringMatching(/^Job\/api-migrate-/), 'Deployment/api', 'Service/api', 'PodDisruptionBudget/api', 'CronJob/backup']);
  });

  test('phases by kind, and an object placed explicitly', () => {
    const chart = Testing.chart();
    const job = new k8s.KubeJob(chart, 'Job', { spec: { template: { spec: { containers: [] } } } });
    const hpa = new ApiObject(chart, 'Hpa', { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler' });
    const custom = new ApiObject(chart, 'Custom', { apiVersion: 'example.com/v1', kind: 'Widget' });
    expect([job, hpa, custom].map((o) => ApplyOrder.phaseOf(o))).toEqual([ApplyPhase.POST_ROLLOUT, ApplyPhase.SCALING, ApplyPhase.POST_ROLLOUT]);
    ApplyOrder.of(chart).place(job, ApplyPhase.PRE_ROLLOUT);
    expect(ApplyOrder.phaseOf(job)).toBe(ApplyPhase.PRE_ROLLOUT);
    expect(ApplyOrder.of(hpa)).toBe(ApplyOrder.of(chart));
    expect(Testing.synth(chart).map((o) => o.kind)).toEqual(['Job', 'HorizontalPodAutoscaler', 'Widget']);
    // A placement made after a synth applies to the next one: nothing is wired once and frozen.
    ApplyOrder.of(chart).place(custom, ApplyPhase.NAMESPACE);
    expect(Testing.synth(chart).map((o) => o.kind)).toEqual(['Widget', 'Job', 'HorizontalPodAutoscaler']);
  });

  test('the order adds no cdk8s dependency (cdk8s walks every dependency once per chart)', () => {
    const chart = Testing.chart();
    new GatewayDeployment(chart, 'Api', { name: 'api', image: IMAGE });
    Testing.synth(chart);
    expect(chart.node.findAll().flatMap((c) => c.node.dependencies)).toEqual([]);
  });

  test('a chart of 10,000 objects synthesizes, in phase order', () => {
    // GIVEN services before config maps, 5,000 of each, in one chart
    const chart = Testing.chart();
    ApplyOrder.of(chart);
    for (let i = 0; i < 5000; i++) new k8s.KubeService(chart, `Service${i}`, { metadata: { name: `service-${i}` }, spec: {} });
    for (let i = 0; i < 5000; i++) new k8s.KubeConfigMap(chart, `Config${i}`, { metadata: { name: `config-${i}` } });
    // WHEN
    const objects = Testing.synth(chart);
    // THEN configuration first, and each phase keeps definition order
    expect(objects).toHaveLength(10000);
    expect(objects.slice(0, 5000).every((o, i) => o.kind === 'ConfigMap' && o.metadata.name === `config-${i}`)).toBe(true);
    expect(objects.slice(5000).every((o, i) => o.kind === 'Service' && o.metadata.name === `service-${i}`)).toBe(true);
  });
});

