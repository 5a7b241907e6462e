/*
 * Part 3 of the cluster tests, the Argo releases. chaos-world-gateway production, Argo Rollouts
 * blue/green, rehearsed with the Argo Rollouts controller (v1.10.1, test/cluster/argo-rollouts)
 * on three simulated nodes. Each step as the README has a user take it, sampled every 300 ms:
 * the active Service keeps the ready endpoints its budget promises throughout.
 * - stage: Argo brings up the preview ReplicaSet, runs the pre-promotion analysis on its pods
 *   and pauses for promotion; `cdk8s-zd promote --wait` waits for that pause, then records it;
 * - promote: `kubectl argo rollouts promote`; Argo switches the active Service, runs the
 *   post-promotion analysis and scales the old ReplicaSet down after scaleDownDelaySeconds;
 * - finalize; then a release whose analysis fails: Argo aborts it, the active Service never
 *   leaves the stable pods, and `cdk8s-zd abort` returns the manifests to them.
 * Finally a node drain, which the Rollout's budget gates.
 *
 * The staging release, Argo Rollouts canary with ingress-nginx routing: a new canary, which
 * Argo takes through 20, 40, 60 and 80 % (each weight seen on the canary Ingress Argo makes)
 * with its background analysis, while the stable Service keeps its minimum; `promote --wait`
 * once the Rollout is Healthy on it; then a canary the analysis fails, which Argo aborts before
 * the third weight and `promote --wait` refuses; `cdk8s-zd rollback`; and a drain. The pauses
 * last 8 s instead of 10 minutes.
 *
 * And ZD024 against the controller: the Rollout template it flags conflicts on the next
 * server-side apply, the fixed one does not.
 *
 * Applied client-side, as the README's `kubectl apply -f dist/`: Argo adds the pod-template
 * hash to the active and preview Services' selector, an atomic map, and so becomes its
 * manager; a server-side apply of those Services then conflicts (the test shows it), and with
 * --force-conflicts it would drop the hash and send live traffic to the preview pods too.
 *
 * Prometheus: the simulated pods serve no metrics, so the analysis queries go to a stub of
 * Prometheus's query API (prometheus-stub.ts), which answers the error rate of the ReplicaSet
 * whose `rollouts_pod_template_hash` the query names: 1 % for a good image, 20 % for the failing
 * one, and no sample for a hash no ReplicaSet has (then the measurement errs). Two test-only
 * changes to the AnalysisTemplate: its Prometheus address (the controller runs outside the
 * cluster's DNS) and its interval (3 s instead of 60 s, so five measurements take seconds).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { forRehearsal, LiveRollout, promoteWait } from './argo';
import { inNamespaces, useCluster } from './cluster';
import { KubectlResult } from './control-plane';
import { PrometheusStub } from './prometheus-stub';
import { applyStep, drainSampled, servingServices, servingThrough, watch } from './traffic';
import { checkManifests } from '../../src/policy/engine';
import { REFERENCE_RELEASES, ReferenceRelease, rehearse } from '../support/release-steps';

const NAMESPACE = 'api-gateway';
const ROLLOUT = 'api-gateway';
/** The images whose analysis fails: a 20 % error rate (else 1 %). */
const FAILING = /:\d+\.\d+\.\d+-bad0bad$/;

let prometheus: PrometheusStub;
const cluster = useCluster({
  nodes: 3,
  argoRollouts: true,
  setup: async () => {
    prometheus = await PrometheusStub.start((query) => {
      const hash = /rollouts_pod_template_hash="([^"]+)"/.exec(query)?.[1];
      const image = hash === undefined ? undefined : gateway.imageOfHash(hash);
      if (image === undefined) return undefined;
      return FAILING.test(image) ? 0.2 : 0.01;
    });
  },
});
afterAll(() => prometheus?.stop());

/** The gateway's Rollout, in both releases. */
const gateway = new LiveRollout(cluster, NAMESPACE, ROLLOUT);

/** A release's states as the Argo rehearsals apply them, and what they read off its manifests. */
function argoRelease(release: ReferenceRelease) {
  const states = rehearse(release);
  const objectsOf = (i: number) => states[i][1].map((m) => m.object as any);
  const rolloutOf = (i: number) => objectsOf(i).find((o) => o.kind === 'Rollout');
  return {
    release,
    states,
    /** Every object of every step. */
    all: states.flatMap((_, i) => objectsOf(i)),
    /** Step i's manifests with the test-only changes. */
    stepsOf: (i: number) => forRehearsal(objectsOf(i), prometheus.url),
    /** The Rollout's image in each state. */
    images: states.map((_, i) => rolloutOf(i).spec.template.spec.containers[0].image as string),
    /** The start's Rollout, and its autoscaler's minimum. */
    rollout: rolloutOf(0),
    minimum: objectsOf(0).find((o) => o.kind === 'HorizontalPodAutoscaler').spec.minReplicas as number,
  };
}

/** The release's start, applied as the README has it, until the autoscaler has the Rollout Healthy at its minimum. */
async function applyStart(r: ReturnType<typeof argoRelease>, namespaces: readonly string[]): Promise<string[]> {
  expect(cluster.plane.applyClientSide(r.stepsOf(0)).code).toBe(0);
  return watch(cluster.plane, { namespaces, services: new Map() }, () => undefined, gateway.healthyOn(r.images[0], r.minimum));
}

/** The gateway's reference release in an environment. */
const releaseIn = (environment: string) => REFERENCE_RELEASES.find((r) => r.system === 'chaos-world-gateway' && r.environment === environment)!;

const blueGreen = releaseIn('production');

describe(blueGreen.title, () => {
  test('stage, promote, finalize, a failed analysis and its abort, and a node drain keep the active Service at its minimum', async () => {
    const rehearsed = argoRelease(blueGreen);
    const { release, states, stepsOf, images, minimum } = rehearsed;
    const plane = cluster.plane;
    const active = `${NAMESPACE}/${ROLLOUT}`;
    await inNamespaces(cluster, rehearsed.all, async (namespaces) => {
      // The stable release; the autoscaler brings the Rollout to its minimum.
      expect(await applyStart(rehearsed, namespaces)).toEqual([]);

      // Which state each step ends in.
      const ends: { [step: string]: () => boolean } = {
        'stage (the image change)': gateway.pausedForPromotion,
        'promote': gateway.healthyOn(images[2], minimum),
        'finalize': gateway.healthyOn(images[3], minimum),
        'stage a release the analysis fails': gateway.aborted,
        'abort': gateway.healthyOn(images[5], minimum),
      };
      expect(Object.keys(ends)).toEqual(release.steps.map(([name]) => name));
      for (let i = 1; i < states.length; i++) {
        const [name] = states[i];
        const [previous, current] = [stepsOf(i - 1), stepsOf(i)];
        const services = servingThrough(previous, current, true);
        // The active Service is sampled with the least its budget keeps: 5 replicas, 1 eviction.
        expect([name, services.get(active)]).toEqual([name, minimum - 1]);
        const command = release.clusterCommands?.[name];
        const violations = await watch(plane, { namespaces, services }, () => {
          if (command) plane.kubectlOk(command);
          applyStep(plane, name, previous, current, { clientSide: true });
        }, ends[name]);
        expect([name, violations]).toEqual([name, []]);

        if (name === 'stage (the image change)') {
          // The pre-promotion analysis ran on the preview's pods, and passed.
          const preview = gateway.get().status.currentPodHash;
          expect(gateway.analysisRuns().filter((a) => a.hash === preview).map((a) => a.phase)).toEqual(['Successful']);
          expect(prometheus.queries.some((q) => q.includes(`rollouts_pod_template_hash="${preview}"`))).toBe(true);
          expect(gateway.stableImage()).toBe(images[0]);
          // The Rollout waits for promotion, Paused, not Healthy: the plugin's status waits on.
          const status = plane.kubectl(['argo', 'rollouts', 'status', ROLLOUT, '-n', NAMESPACE, '--timeout', '3s']);
          expect([status.code, status.stderr]).toEqual([1, expect.stringContaining('Rollout status watch exceeded timeout')]);
          // Server-side: the Rollout (its quantities as Argo writes them back) applies; the
          // Services, whose selector Argo now manages, conflict.
          const rollout = current.filter((o) => o.kind === 'Rollout');
          expect(plane.apply(rollout).code).toBe(0);
          const servicesApplied = plane.apply(current.filter((o) => o.kind === 'Service' && [ROLLOUT, `${ROLLOUT}-preview`].includes(o.metadata.name)));
          expect(servicesApplied.code).not.toBe(0);
          expect(servicesApplied.stderr.match(/conflict with "rollouts-controller" using v1: \.spec\.selector/g)).toHaveLength(2);
          // cdk8s-zd promote --wait: the wait sees the pause at once, then the file is promoted
          // exactly as the rehearsal's next step has it.
          const promoted = promoteWait(cluster, release.file, states[i][2], states[i][1].map((m) => m.object));
          expect([promoted.code, promoted.err]).toEqual([0, []]);
          expect(promoted.out).toEqual(expect.arrayContaining([`ready: Rollout/${ROLLOUT} in ${NAMESPACE}`]));
          expect(promoted.file).toBe(states[i + 1][2]);
        }
        if (name === 'promote') {
          // The post-promotion analysis ran on the promoted pods, and passed.
          expect(gateway.analysisRuns().filter((a) => a.hash === gateway.get().status.stableRS).map((a) => a.phase)).toEqual(['Successful', 'Successful']);
        }
        if (name === 'stage a release the analysis fails') {
          expect(gateway.analysisRuns().filter((a) => a.hash === gateway.get().status.currentPodHash).map((a) => a.phase)).toEqual(['Failed']);
          expect(gateway.stableImage()).toBe(images[3]);
        }
      }

      // A node drain, which the Rollout's budget gates.
      const drain = await drainSampled(plane, cluster.nodes[0], { namespaces, services: servingServices(stepsOf(states.length - 1), true) });
      expect(drain).toEqual({ drained: true, output: '', violations: [] });
    });
  }, 900_000);
});

const canaryRelease = releaseIn('staging');

describe(canaryRelease.title, () => {
  /** The Ingress Argo makes from the stable one for ingress-nginx: `<rollout>-<stable Ingress>-canary`. */
  const CANARY_INGRESS = `${ROLLOUT}-${ROLLOUT}-canary`;
  const canaryWeight = (): number | undefined => {
    const ingress = cluster.plane.get('ingresses.networking.k8s.io', CANARY_INGRESS, NAMESPACE);
    const weight = ingress?.metadata.annotations?.['nginx.ingress.kubernetes.io/canary-weight'];
    return weight === undefined ? undefined : Number(weight);
  };

  test('a canary Argo takes through 20, 40, 60, 80 % with its analysis, promote --wait, a canary the analysis fails, rollback, a drain', async () => {
    const canary = argoRelease(canaryRelease);
    const { states, stepsOf, images, minimum } = canary;
    const plane = cluster.plane;
    const weights = canary.rollout.spec.strategy.canary.steps.filter((s: any) => s.setWeight !== undefined).map((s: any) => s.setWeight);
    expect(weights).toEqual([20, 40, 60, 80]);
    await inNamespaces(cluster, canary.all, async (namespaces) => {
      expect(await applyStart(canary, namespaces)).toEqual([]);

      const ends: { [step: string]: () => boolean } = {
        'promote (Argo took it through every step)': gateway.healthyOn(images[1], minimum),
        'a new canary': gateway.healthyOn(images[2], minimum),
        'promote': gateway.healthyOn(images[3], minimum),
        'a canary the analysis fails': gateway.aborted,
        'rollback': gateway.healthyOn(images[5], minimum),
      };
      expect(Object.keys(ends)).toEqual(canaryRelease.steps.map(([name]) => name));
      for (let i = 1; i < states.length; i++) {
        const [name] = states[i];
        const [previous, current] = [stepsOf(i - 1), stepsOf(i)];
        const services = servingThrough(previous, current, true);
        // The stable Service (the Ingress's backend) keeps what its budget keeps: 3 pods, 1 eviction.
        expect([name, services.get(`${NAMESPACE}/${ROLLOUT}-stable`)]).toEqual([name, minimum - 1]);
        // The canary Ingress's weight at every sample, as Argo moves it.
        const seen: Array<number | undefined> = [];
        const violations = await watch(plane, { namespaces, services }, () => applyStep(plane, name, previous, current, { clientSide: true }), () => {
          seen.push(canaryWeight());
          return ends[name]();
        });
        expect([name, violations]).toEqual([name, []]);
        const moved = seen.filter((w, k): w is number => w !== undefined && w !== 0 && w !== 100 && w !== seen[k - 1]);

        if (name === 'a new canary') {
          // Argo set each step's weight in turn on the Ingress it made, to our canary Service.
          expect(moved).toEqual(weights);
          expect(canaryWeight()).toBe(0);
          const ingress = plane.get('ingresses.networking.k8s.io', CANARY_INGRESS, NAMESPACE);
          expect(ingress.spec.rules.map((r: any) => [r.host, r.http.paths[0].backend.service.name]))
            .toEqual(current.find((o) => o.kind === 'Ingress' && o.metadata.name === ROLLOUT).spec.rules.map((r: any) => [r.host, `${ROLLOUT}-canary`]));
          // The background analysis measured the canary's pods from step 2 on, and passed.
          const canaryHash = gateway.get().status.stableRS;
          expect(gateway.analysisRuns().filter((a) => a.hash === canaryHash).map((a) => a.phase)).toEqual(['Successful']);
          // cdk8s-zd promote --wait: the Rollout is Healthy on the canary image, so it promotes the file as the next step has it.
          const promoted = promoteWait(cluster, canaryRelease.file, states[i][2], states[i][1].map((m) => m.object));
          expect([promoted.code, promoted.err]).toEqual([0, []]);
          expect(promoted.out).toEqual(expect.arrayContaining([`ready: Rollout/${ROLLOUT} in ${NAMESPACE}`]));
          expect(promoted.file).toBe(states[i + 1][2]);
        }
        if (name === 'a canary the analysis fails') {
          // The analysis failed at the second weight, Argo aborted: the canary's share is 0 and the stable pods never changed.
          expect(Math.max(...moved)).toBeLessThanOrEqual(weights[1]);
          expect(canaryWeight()).toBe(0);
          expect(gateway.analysisRuns().filter((a) => a.hash === gateway.get().status.currentPodHash).map((a) => a.phase)).toEqual(['Failed']);
          expect(gateway.stableImage()).toBe(images[3]);
          // promote --wait refuses the aborted canary (Degraded), writing nothing.
          const refused = promoteWait(cluster, canaryRelease.file, states[i][2], states[i][1].map((m) => m.object));
          expect(refused.code).toBe(1);
          expect(refused.err.join('\n')).toContain(`cannot promote: Rollout/${ROLLOUT} in ${NAMESPACE} is not ready (kubectl argo rollouts status ${ROLLOUT} -n ${NAMESPACE}`);
          expect(refused.file).toBe(states[i][2]);
        }
      }

      const drain = await drainSampled(plane, cluster.nodes[0], { namespaces, services: servingServices(stepsOf(states.length - 1), true) });
      expect(drain).toEqual({ drained: true, output: '', violations: [] });
    });
  }, 900_000);
});

describe('ZD024 agrees with the Argo Rollouts controller', () => {
  /** Applies a Rollout server-side, waits until the controller has updated it, and applies it again. */
  async function applyTwice(rollout: any): Promise<KubectlResult> {
    const plane = cluster.plane;
    expect(plane.apply([rollout]).code).toBe(0);
    const revised = () => plane.get('rollouts.argoproj.io', rollout.metadata.name, rollout.metadata.namespace)?.metadata.annotations?.['rollout.argoproj.io/revision'];
    const started = Date.now();
    while (Date.now() < started + 60_000 && !revised()) await new Promise((resolve) => setTimeout(resolve, 500));
    // The second apply proves something only after the controller's own update.
    expect([rollout.metadata.name, revised() !== undefined]).toEqual([rollout.metadata.name, true]);
    return plane.apply([rollout]);
  }

  test('the template the rule flags conflicts on the second server-side apply; written as the rule asks, it does not', async () => {
    const file = path.join(__dirname, '..', 'policy', 'broken', 'zd024-rollout-template-as-written-back.yaml');
    const objects = parseAllDocuments(fs.readFileSync(file, 'utf8')).map((d) => d.toJSON());
    const flagged = objects.find((o) => o.kind === 'Rollout' && o.metadata.name === 'api');
    // The same Rollout with each fix the rule gives, as a Rollout of its own: its own pods and
    // Services (the controller refuses a Service another Rollout manages).
    const fixed = JSON.parse(JSON.stringify(flagged).replace(/"api(-preview)?"/g, '"api-fixed$1"'));
    fixed.spec.template.spec.initContainers[0].resources.requests.memory = '1Gi';
    fixed.spec.template.spec.containers[0].resources.limits.cpu = '1';
    const services = ['api', 'api-preview', 'api-fixed', 'api-fixed-preview'].map((name) => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: 'shop' },
      spec: { selector: { 'app.kubernetes.io/name': name.replace(/-preview$/, '') }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    }));
    expect([fixed.metadata.name, fixed.spec.selector, fixed.spec.strategy.blueGreen])
      .toEqual(['api-fixed', { matchLabels: { 'app.kubernetes.io/name': 'api-fixed' } }, { activeService: 'api-fixed', previewService: 'api-fixed-preview' }]);
    await inNamespaces(cluster, [flagged, ...services], async () => {
      expect(cluster.plane.apply(services).code).toBe(0);
      const report = checkManifests([flagged].map((object) => ({ object })));
      expect(report.findings.filter((f) => f.rule === 'ZD024').map((f) => f.field)).toEqual([
        'spec.template.spec.initContainers[0].resources.requests["memory"]', 'spec.template.spec.containers[0].resources.limits["cpu"]',
      ]);
      // Exactly the two quantities conflict; the probe's initialDelaySeconds: 0, which the
      // controller drops, does not (a dropped field has no manager left).
      const conflict = await applyTwice(flagged);
      expect(conflict.code).toBe(1);
      expect(conflict.stderr).toContain('Apply failed with 2 conflicts: conflicts with "rollouts-controller" using argoproj.io/v1alpha1:\n'
        + '- .spec.template.spec.containers[name="api"].resources.limits.cpu\n- .spec.template.spec.initContainers[name="migrate"].resources.requests.memory\n');

      // Written as the rule asks, the Rollout applies again after the controller's update.
      expect(checkManifests([{ object: fixed }]).findings.filter((f) => f.rule === 'ZD024')).toEqual([]);
      expect(await applyTwice(fixed)).toMatchObject({ code: 0 });
    });
  }, 240_000);
});
