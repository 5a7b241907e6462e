/*
 * Random props, valid and not, as a careless user writes them: every run either synthesizes
 * manifests the API server's schemas accept, or fails at construction with one error that
 * starts with the construct path and the prop. Nothing is accepted silently, nothing crashes
 * without a path.
 */
import { Duration, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { EnvironmentProfile, GatewayDeployment, GatewayDeploymentProps, TaintEffect } from '../../src';
import { synthValid } from '../support/synth';

const IMAGE = 'ghcr.io/acme/api:1.4.0-abcdef1';
const PATH_AND_PROP = /^test\/Api: (ZD\d{3} )?'[^']+' \(/;

const name = fc.oneof(
  fc.constantFrom('api', 'api-eu', '1api', 'API', 'a'.repeat(64), 'api_', '-api', ''),
  fc.string({ maxLength: 12 }),
);
const number = fc.oneof(
  fc.integer({ min: -5, max: 70000 }),
  fc.double({ noDefaultInfinity: false }),
  fc.constantFrom(NaN, Infinity, 1e10, 2 ** 40, 0, 1, 2.5),
);
const duration = fc.oneof(
  fc.integer({ min: 0, max: 4_000_000 }).map((ms) => Duration.millis(ms)),
  fc.constant(Duration.millis(NaN)),
  fc.constant(Duration.seconds(Infinity)),
);
const key = fc.oneof(fc.constantFrom('kubernetes.io/os', 'disktype', 'Example.com/x', 'a b', '-x', 'x/', ''), fc.string({ maxLength: 10 }));

const props: fc.Arbitrary<Partial<GatewayDeploymentProps>> = fc.record({
  name,
  port: number,
  servicePort: number,
  replicas: number,
  runAsUser: number,
  revisionHistoryLimit: number,
  disruptionBudgetMaxUnavailable: number,
  readiness: fc.record({ period: duration, failureThreshold: number }, { requiredKeys: [] }),
  preStopDelay: duration,
  minReady: duration,
  priorityClassName: name,
  nodeSelector: fc.dictionary(key, fc.oneof(name, fc.constant('linux')), { maxKeys: 2 }),
  tolerations: fc.array(fc.record({ key, effect: fc.constant(TaintEffect.NO_SCHEDULE) }), { maxLength: 1 }),
  secretEnv: fc.array(fc.record({ name: fc.constantFrom('TOKEN', 'BAD-NAME', '1X'), secretName: name, key: fc.oneof(name, fc.constant('a/b')) }), { maxLength: 1 }),
}, { requiredKeys: [] });

test('property: a random prop set synthesizes schema-valid manifests or fails with the path and the prop', () => {
  let accepted = 0;
  let refused = 0;
  fc.assert(fc.property(props, (random) => {
    const chart = Testing.chart();
    let built = false;
    try {
      new GatewayDeployment(chart, 'Api', { name: 'api', image: IMAGE, profile: EnvironmentProfile.production(), ...random });
      built = true;
    } catch (e) {
      refused++;
      expect((e as Error).message).toMatch(PATH_AND_PROP);
    }
    if (built) {
      // Accepted: then every object must pass the Kubernetes 1.27 schemas, formats included.
      synthValid(chart);
      accepted++;
    }
  }), { numRuns: 400 });
  expect(accepted + refused).toBe(400);
  expect(refused).toBeGreaterThan(0);
});
