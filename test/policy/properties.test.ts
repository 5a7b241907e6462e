import * as fc from 'fast-check';
import { checkManifests } from '../../src/policy/engine';
import { ManifestReadError, parseManifestText } from '../../src/policy/manifest-reader';
import { LabelSelector } from '../../src/policy/model/label-selector';
import { formatSuppression, parseSuppressions } from '../../src/policy/suppressions';

const KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Rollout', 'Job', 'CronJob', 'Service', 'PodDisruptionBudget',
  'HorizontalPodAutoscaler', 'ScaledObject', 'VerticalPodAutoscaler', 'Ingress', 'HTTPRoute', 'TraefikService', 'IngressRoute', 'ConfigMap', 'Namespace'];
const API_VERSIONS = ['v1', 'apps/v1', 'policy/v1', 'autoscaling/v2', 'argoproj.io/v1alpha1', 'networking.k8s.io/v1', 'extensions/v1beta1', 'batch/v1beta1'];

/** Objects of real kinds whose fields hold anything at all: what a hand-written manifest may contain. */
const object = fc.record({
  apiVersion: fc.constantFrom(...API_VERSIONS),
  kind: fc.constantFrom(...KINDS),
  metadata: fc.oneof(
    fc.anything(),
    fc.record({ name: fc.string(), namespace: fc.option(fc.string()), labels: fc.anything(), annotations: fc.anything() }),
  ),
  spec: fc.anything({ maxDepth: 4, withObjectString: true }),
});

describe('properties', () => {
  test('the engine never throws, whatever the fields hold', () => {
    fc.assert(fc.property(fc.array(object, { maxLength: 8 }), fc.constantFrom(undefined, 'production', 'staging'), (objects, environment) => {
      const report = checkManifests(objects.map((o) => ({ object: o })), { environment });
      expect(report.summary.objects).toBe(objects.length);
    }), { numRuns: 300 });
  });

  test('reading text either yields objects or a ManifestReadError naming the source', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => {
      try {
        parseManifestText(text, 'input.yaml');
      } catch (e) {
        expect(e).toBeInstanceOf(ManifestReadError);
        expect((e as Error).message.startsWith('input.yaml')).toBe(true);
      }
    }), { numRuns: 500 });
  });

  test('a selector matches exactly the label sets that hold its matchLabels', () => {
    const labels = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), fc.constantFrom('x', 'y'));
    fc.assert(fc.property(labels, labels, (selector, pod) => {
      const s = LabelSelector.fromSelector({ matchLabels: selector })!;
      expect(s.matches(pod)).toBe(Object.entries(selector).every(([k, v]) => pod[k] === v));
    }));
  });

  test('set-based requirements: In, NotIn, Exists, DoesNotExist', () => {
    const s = LabelSelector.fromSelector({ matchExpressions: [{ key: 'track', operator: 'In', values: ['stable', 'canary'] }, { key: 'debug', operator: 'DoesNotExist' }] })!;
    expect(s.matches({ track: 'stable' })).toBe(true);
    expect(s.matches({ track: 'preview' })).toBe(false);
    expect(s.matches({ track: 'canary', debug: '1' })).toBe(false);
    expect(LabelSelector.fromSelector({ matchExpressions: [{ key: 'x', operator: 'Bogus' }] })!.matches({ x: '1' })).toBe(false);
  });

  test('suppressions written by formatSuppression read back as written', () => {
    const reason = fc.string({ minLength: 1, maxLength: 40 }).filter((r) => r.trim() === r && r.length > 0 && !/[\n;]/.test(r));
    fc.assert(fc.property(fc.array(fc.tuple(fc.constantFrom('ZD001', 'ZD004', 'ZD016'), reason), { minLength: 1, maxLength: 4 }), (entries) => {
      const value = entries.map(([rule, r]) => formatSuppression(rule, r)).join('\n');
      expect(parseSuppressions(value)).toEqual(entries.map(([rule, r]) => ({ rule, reason: r })));
    }));
    expect(parseSuppressions('ZD004: batch worker; no PDB wanted; ZD016: one pod')).toEqual([
      { rule: 'ZD004', reason: 'batch worker; no PDB wanted' },
      { rule: 'ZD016', reason: 'one pod' },
    ]);
  });
});
