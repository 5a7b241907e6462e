/*
 * Part 3 of the cluster tests, the Argo release: chaos-world-gateway production, Argo Rollouts
 * blue/green, rehearsed with the Argo Rollouts controller (v1.10.1, test/cluster/argo-rollouts)
 * on three simulated nodes. Each step as the README has a user take it, sampled every 300 ms:
 * the active Service keeps the ready endpoints its budget promises throughout.
 * - stage: Argo brings up the preview ReplicaSet, runs the pre-promotion analysis on its pods
 *   and pauses for promotion; `cdk8s-zd promote --wait` waits for that pause, then records it;
 * - promote: `kubectl argo rollouts promote`; Argo switches the active Service, runs the
 *   post-promotion analysis and scales the old ReplicaSet down after scaleDownDelaySeconds;
 * - finalize; then a release whose analysis fails: Argo aborts it, the active Service never
 *   leaves the stable pods, and `cdk8s-zd abort` returns the manifests to them.
 * Finally a node drain, which the Rollout's budget gates. And ZD024 against the controller: the
 * Rollout template it flags conflicts on the next server-side apply, the fixed one does not.
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
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { inNamespaces, useCluster } from './cluster';
import { KubectlResult, toYaml } from './control-plane';
import { PrometheusStub } from './prometheus-stub';
import { applyStep, drainSampled, servingServices, servingThrough, watch } from './traffic';
import { runCli } from '../../src/cli/cdk8s-zd';
import { checkManifests } from '../../src/policy/engine';
import { REFERENCE_RELEASES, rehearse } from '../support/release-steps';

const NAMESPACE = 'api-gateway';
const ROLLOUT = 'api-gateway';
const FAILING = 'chaos-world/api-gateway:1.2.0-bad0bad';

let prometheus: PrometheusStub;
const cluster = useCluster({
  nodes: 3,
  argoRollouts: true,
  setup: async () => {
    prometheus = await PrometheusStub.start((query) => {
      const hash = /rollouts_pod_template_hash="([^"]+)"/.exec(query)?.[1];
      const image = hash === undefined ? undefined : imageOfHash(hash);
      if (image === undefined) return undefined;
      return image === FAILING ? 0.2 : 0.01;
    });
  },
});
afterAll(() => prometheus?.stop());

/** The image of the ReplicaSet with this pod-template hash, if there is one. */
function imageOfHash(hash: string): string | undefined {
  const r = cluster.plane.kubectl(['get', 'replicasets.apps', '-n', NAMESPACE, '-l', `rollouts-pod-template-hash=${hash}`, '-o', 'json']);
  return r.code === 0 ? JSON.parse(r.stdout).items[0]?.spec.template.spec.containers[0].image : undefined;
}

/** The live Rollout. */
const live = () => cluster.plane.get('rollouts.argoproj.io', ROLLOUT, NAMESPACE);

/** The image of the live Rollout's stable ReplicaSet, which the active Service selects. */
function stableImage(): string | undefined {
  const rollout = live();
  return rollout?.status?.stableRS ? imageOfHash(rollout.status.stableRS) : undefined;
}

/** The phase of each analysis run of the Rollout, by name. */
function analysisRuns(): Array<{ name: string; phase: string; hash: string }> {
  const r = cluster.plane.kubectlOk(['get', 'analysisruns.argoproj.io', '-n', NAMESPACE, '-o', 'json']);
  return JSON.parse(r).items.map((a: any) => ({ name: a.metadata.name, phase: a.status?.phase ?? '', hash: a.metadata.labels?.['rollouts-pod-template-hash'] ?? '' }));
}

/** Healthy on `image`: every replica of the autoscaler's minimum available, the old ReplicaSet scaled down. */
function healthyOn(image: string, minimum: number): () => boolean {
  return () => {
    const r = live();
    const s = r?.status ?? {};
    return s.phase === 'Healthy' && s.stableRS === s.currentPodHash && stableImage() === image
      && r.spec.replicas >= minimum && s.availableReplicas === r.spec.replicas && s.replicas === r.spec.replicas;
  };
}

/** Paused for promotion: the preview ReplicaSet available, the pre-promotion analysis passed. */
const pausedForPromotion = () => (live()?.status?.pauseConditions ?? []).some((c: any) => c.reason === 'BlueGreenPause');

/** Aborted by its analysis. */
const aborted = () => live()?.status?.abort === true;

/** The step's manifests with the two test-only changes to the AnalysisTemplates. */
function forRehearsal(objects: readonly any[]): any[] {
  return objects.map((o) => (o.kind !== 'AnalysisTemplate' ? o : {
    ...o,
    spec: {
      ...o.spec,
      metrics: o.spec.metrics.map((m: any) => ({ ...m, interval: '3s', provider: { prometheus: { ...m.provider.prometheus, address: prometheus.url } } })),
    },
  }));
}

/**
 * `cdk8s-zd promote --wait` where a user runs it: the release file of the staged step beside
 * the step's rendered manifests in dist/, kubectl (and the cluster's kubeconfig) on the PATH.
 */
function promoteWait(releaseFile: string, objects: readonly unknown[]): { code: number; out: string[]; err: string[]; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zd-promote-'));
  fs.mkdirSync(path.join(dir, 'dist'));
  fs.writeFileSync(path.join(dir, 'dist', 'chaos-world-gateway.yaml'), toYaml(objects));
  fs.writeFileSync(path.join(dir, 'production.json'), releaseFile);
  const saved = { PATH: process.env.PATH, KUBECONFIG: process.env.KUBECONFIG };
  Object.assign(process.env, { PATH: cluster.plane.env.PATH, KUBECONFIG: cluster.plane.kubeconfig });
  const out: string[] = [];
  const err: string[] = [];
  try {
    const code = runCli(['promote', '--wait', '--file', 'production.json'], { out: (l) => out.push(l), err: (l) => err.push(l) }, dir);
    return { code, out, err, file: fs.readFileSync(path.join(dir, 'production.json'), 'utf8') };
  } finally {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
  }
}

const release = REFERENCE_RELEASES.find((r) => r.system === 'chaos-world-gateway')!;

describe(release.title, () => {
  test('stage, promote, finalize, a failed analysis and its abort, and a node drain keep the active Service at its minimum', async () => {
    const states = rehearse(release);
    const stepsOf = (i: number) => forRehearsal(states[i][1].map((m) => m.object));
    const plane = cluster.plane;
    const images = states.map(([, m]) => m.map((x) => x.object as any).find((o) => o.kind === 'Rollout').spec.template.spec.containers[0].image);
    const minimum = states[0][1].map((x) => x.object as any).find((o) => o.kind === 'HorizontalPodAutoscaler').spec.minReplicas;
    const active = `${NAMESPACE}/${ROLLOUT}`;
    await inNamespaces(cluster, states.flatMap(([, m]) => m.map((x) => x.object)), async (namespaces) => {
      // The stable release; the autoscaler brings the Rollout to its minimum.
      expect(plane.applyClientSide(stepsOf(0)).code).toBe(0);
      expect(await watch(plane, { namespaces, services: new Map() }, () => undefined, healthyOn(images[0], minimum))).toEqual([]);

      // Which state each step ends in.
      const ends: { [step: string]: () => boolean } = {
        'stage (the image change)': pausedForPromotion,
        'promote': healthyOn(images[2], minimum),
        'finalize': healthyOn(images[3], minimum),
        'stage a release the analysis fails': aborted,
        'abort': healthyOn(images[5], minimum),
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
          const preview = live().status.currentPodHash;
          expect(analysisRuns().filter((a) => a.hash === preview).map((a) => a.phase)).toEqual(['Successful']);
          expect(prometheus.queries.some((q) => q.includes(`rollouts_pod_template_hash="${preview}"`))).toBe(true);
          expect(stableImage()).toBe(images[0]);
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
          const promoted = promoteWait(states[i][2], states[i][1].map((m) => m.object));
          expect([promoted.code, promoted.err]).toEqual([0, []]);
          expect(promoted.out).toEqual(expect.arrayContaining([`ready: Rollout/${ROLLOUT} in ${NAMESPACE}`]));
          expect(promoted.file).toBe(states[i + 1][2]);
        }
        if (name === 'promote') {
          // The post-promotion analysis ran on the promoted pods, and passed.
          expect(analysisRuns().filter((a) => a.hash === live().status.stableRS).map((a) => a.phase)).toEqual(['Successful', 'Successful']);
        }
        if (name === 'stage a release the analysis fails') {
          expect(analysisRuns().filter((a) => a.hash === live().status.currentPodHash).map((a) => a.phase)).toEqual(['Failed']);
          expect(stableImage()).toBe(images[3]);
        }
      }

      // A node drain, which the Rollout's budget gates.
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
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && !plane.get('rollouts.argoproj.io', rollout.metadata.name, rollout.metadata.namespace)?.metadata.annotations?.['rollout.argoproj.io/revision']) {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    return plane.apply([rollout]);
  }

  test('the template the rule flags conflicts on the second server-side apply; written as the rule asks, it does not', async () => {
    const file = path.join(__dirname, '..', 'policy', 'broken', 'zd024-rollout-template-as-written-back.yaml');
    const objects = parseAllDocuments(fs.readFileSync(file, 'utf8')).map((d) => d.toJSON());
    const flagged = objects.find((o) => o.kind === 'Rollout' && o.metadata.name === 'api');
    const services = ['api', 'api-preview'].map((name) => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: 'shop' },
      spec: { selector: { 'app.kubernetes.io/name': 'api' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    }));
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

      // The same Rollout with each fix the rule gives.
      const fixed = JSON.parse(JSON.stringify({ ...flagged, metadata: { ...flagged.metadata, name: 'api-fixed' } }));
      fixed.spec.template.spec.initContainers[0].resources.requests.memory = '1Gi';
      fixed.spec.template.spec.containers[0].resources.limits.cpu = '1';
      expect(checkManifests([{ object: fixed }]).findings.filter((f) => f.rule === 'ZD024')).toEqual([]);
      expect(await applyTwice(fixed)).toMatchObject({ code: 0 });
    });
  }, 240_000);
});
