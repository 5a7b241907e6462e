import { Chart, Duration, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import { ENVIRONMENT_CONTEXT, EnvironmentProfile, GatewayDeployment, ImageTagPolicy, ResourcePreset, SpreadPolicy } from '../../src';

describe('EnvironmentProfile', () => {
  test.each([
    ['development', 1, 'small', SpreadPolicy.NONE, false, ImageTagPolicy.ANY, 0],
    ['staging', 2, 'small', SpreadPolicy.PREFERRED, true, ImageTagPolicy.IMMUTABLE, 5],
    ['production', 3, 'large', SpreadPolicy.PREFERRED, true, ImageTagPolicy.IMMUTABLE, 10],
  ])('%s preset', (name, replicas, resources, spread, pdb, tags, minReady) => {
    const profile = EnvironmentProfile.fromName(name);
    expect(profile.name).toBe(name);
    expect(profile.replicas).toBe(replicas);
    expect(profile.resources.name).toBe(resources);
    expect(profile.spread).toBe(spread);
    expect(profile.disruptionBudget).toBe(pdb);
    expect(profile.imageTagPolicy).toBe(tags);
    expect(profile.minReady.toSeconds()).toBe(minReady);
    expect(profile.progressDeadline.toSeconds()).toBe(600);
    expect(profile.revisionHistoryLimit).toBe(10);
  });

  test('custom profile takes documented defaults for what it leaves out', () => {
    const profile = EnvironmentProfile.custom({ name: 'qa', replicas: 2, spread: SpreadPolicy.REQUIRED, progressDeadline: Duration.minutes(5) });
    expect(profile.replicas).toBe(2);
    expect(profile.spread).toBe(SpreadPolicy.REQUIRED);
    expect(profile.progressDeadline.toSeconds()).toBe(300);
    expect(profile.resources.name).toBe('small');
    expect(profile.disruptionBudget).toBe(true);
    expect(profile.imageTagPolicy).toBe(ImageTagPolicy.IMMUTABLE);
  });

  test('unknown preset name', () => {
    expect(() => EnvironmentProfile.fromName('prod')).toThrow(
      'EnvironmentProfile: \'name\' ("prod") must be development, staging or production; use EnvironmentProfile.custom() for other environments');
  });

  test('invalid custom values', () => {
    expect(() => EnvironmentProfile.custom({ name: 'QA' })).toThrow(
      'EnvironmentProfile: \'name\' ("QA") must be a lowercase DNS label; use letters, digits and \'-\'');
    expect(() => EnvironmentProfile.custom({ name: 'qa', replicas: 0 })).toThrow(
      "EnvironmentProfile qa: 'replicas' (0) must be a whole number of at least 1; set replicas to 1 or more");
    expect(() => EnvironmentProfile.custom({ name: 'qa', revisionHistoryLimit: 0 })).toThrow(
      "EnvironmentProfile qa: 'revisionHistoryLimit' (0) must be a whole number of at least 1; keep at least one old ReplicaSet so rollback works");
  });
});

describe('ResourcePreset', () => {
  test('seed 003 small and large', () => {
    expect(ResourcePreset.small().toQuantities()).toEqual({
      requests: { 'cpu': '100m', 'memory': '64Mi', 'ephemeral-storage': '128Mi' },
      limits: { 'cpu': '200m', 'memory': '128Mi', 'ephemeral-storage': '512Mi' },
    });
    expect(ResourcePreset.large().toQuantities()).toEqual({
      requests: { 'cpu': '500m', 'memory': '512Mi', 'ephemeral-storage': '256Mi' },
      limits: { 'cpu': '1', 'memory': '1Gi', 'ephemeral-storage': '1Gi' },
    });
  });

  test('whole cores are counted in millicores and written as whole cores', () => {
    const preset = ResourcePreset.of('big', { cpuRequest: Cpu.units(1), cpuLimit: Cpu.units(2), memoryRequest: Size.gibibytes(1), memoryLimit: Size.gibibytes(4) });
    expect(preset.cpuRequestMillis).toBe(1000);
    // Written as the API server writes them back: 2000m is 2, so an Argo Rollout's controller
    // does not take the field over by rewriting it (argoproj/argo-rollouts#3281).
    expect(preset.toQuantities().limits).toEqual({ 'cpu': '2', 'memory': '4Gi', 'ephemeral-storage': '512Mi' });
  });

  test('a request above its limit', () => {
    expect(() => ResourcePreset.of('bad', { cpuRequest: Cpu.millis(500), cpuLimit: Cpu.millis(200), memoryRequest: Size.mebibytes(64), memoryLimit: Size.mebibytes(64) }))
      .toThrow("ResourcePreset bad: 'cpuRequest' (500m) must be above 0 and at most 'cpuLimit' (200m); lower the request or raise the limit");
  });
});

describe('EnvironmentProfile.of: the profile of a construct that sets none', () => {
  const IMAGE = 'ghcr.io/acme/api:1.4.0-abcdef1';
  const appWith = (context: { [key: string]: unknown } = {}) => {
    const app = Testing.app();
    for (const [key, value] of Object.entries(context)) app.node.setContext(key, value);
    return app;
  };
  const profileIn = (context?: { [key: string]: unknown }) => {
    const chart = new Chart(appWith(context), 'test');
    return new GatewayDeployment(chart, 'Api', { name: 'api', image: IMAGE }).profile;
  };

  test('is production when the app names no environment: a forgotten profile fails safe', () => {
    const profile = profileIn();
    expect(profile.name).toBe('production');
    expect(profile.replicas).toBe(3);
    expect(profile.disruptionBudget).toBe(true);
  });

  test.each(['development', 'staging', 'production'])('is the %s preset when the context value names it', (name) => {
    expect(profileIn({ [ENVIRONMENT_CONTEXT]: name }).name).toBe(name);
  });

  test('a profile given to the construct wins over the context value', () => {
    const chart = new Chart(appWith({ [ENVIRONMENT_CONTEXT]: 'production' }), 'test');
    expect(new GatewayDeployment(chart, 'Api', { name: 'api', image: IMAGE, profile: EnvironmentProfile.development() }).profile.name).toBe('development');
  });

  test('refuses a context value that names no preset', () => {
    expect(() => profileIn({ [ENVIRONMENT_CONTEXT]: 'prod' })).toThrow(
      "test/Api/Pod: context 'cdk8s-zero-downtime:environment' (\"prod\") must be development, staging or production; set it to one of them, or give the construct a profile (EnvironmentProfile.custom() for other environments)");
  });
});
