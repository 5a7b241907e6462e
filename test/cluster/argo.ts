/*
 * What the Argo rehearsals read from the cluster about one Rollout (its ReplicaSets' images,
 * its analysis runs, the states a step ends in), what they change in the manifests for the
 * test only, and `cdk8s-zd promote --wait` run where a user runs it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Cluster } from './cluster';
import { toYaml } from './control-plane';
import { runCli } from '../../src/cli/cdk8s-zd';

/** One analysis run: its name, phase and the pod-template hash it measured. */
export interface AnalysisRunState {
  readonly name: string;
  readonly phase: string;
  readonly hash: string;
}

/** A Rollout on the cluster, as the rehearsals watch it. */
export class LiveRollout {
  constructor(private readonly cluster: Cluster, public readonly namespace: string, public readonly name: string) {}

  /** The live Rollout, or undefined. */
  public get(): any {
    return this.cluster.plane.get('rollouts.argoproj.io', this.name, this.namespace);
  }

  /** The image of the namespace's ReplicaSet with this pod-template hash, if there is one. */
  public imageOfHash(hash: string): string | undefined {
    const r = this.cluster.plane.kubectl(['get', 'replicasets.apps', '-n', this.namespace, '-l', `rollouts-pod-template-hash=${hash}`, '-o', 'json']);
    return r.code === 0 ? JSON.parse(r.stdout).items[0]?.spec.template.spec.containers[0].image : undefined;
  }

  /** The image of the stable ReplicaSet, which the active (stable) Service selects. */
  public stableImage(): string | undefined {
    const hash = this.get()?.status?.stableRS;
    return hash ? this.imageOfHash(hash) : undefined;
  }

  /** Every analysis run in the namespace. */
  public analysisRuns(): AnalysisRunState[] {
    const r = this.cluster.plane.kubectlOk(['get', 'analysisruns.argoproj.io', '-n', this.namespace, '-o', 'json']);
    return JSON.parse(r).items.map((a: any) => ({ name: a.metadata.name, phase: a.status?.phase ?? '', hash: a.metadata.labels?.['rollouts-pod-template-hash'] ?? '' }));
  }

  /** Healthy on `image`: every replica of the autoscaler's minimum available, the old ReplicaSet scaled down. */
  public healthyOn(image: string, minimum: number): () => boolean {
    return () => {
      const r = this.get();
      const s = r?.status ?? {};
      return s.phase === 'Healthy' && s.stableRS === s.currentPodHash && this.stableImage() === image
        && r.spec.replicas >= minimum && s.availableReplicas === r.spec.replicas && s.replicas === r.spec.replicas;
    };
  }

  /** Paused for promotion (blue/green): the preview ReplicaSet available, the pre-promotion analysis passed. */
  public readonly pausedForPromotion = () => (this.get()?.status?.pauseConditions ?? []).some((c: any) => c.reason === 'BlueGreenPause');

  /** Aborted, by its analysis or a user. */
  public readonly aborted = () => this.get()?.status?.abort === true;
}

/**
 * A step's manifests with the test-only changes: each AnalysisTemplate asks `prometheus` (the
 * controller runs outside the cluster's DNS) every 3 s instead of every 60 s, and each canary
 * pause of a Rollout lasts `pause`, so that a rehearsal takes seconds, not the steps' minutes.
 */
export function forRehearsal(objects: readonly any[], prometheus: string, pause = '8s'): any[] {
  return objects.map((o) => {
    if (o.kind === 'AnalysisTemplate') {
      const metrics = o.spec.metrics.map((m: any) => ({ ...m, interval: '3s', provider: { prometheus: { ...m.provider.prometheus, address: prometheus } } }));
      return { ...o, spec: { ...o.spec, metrics } };
    }
    const canary = o.kind === 'Rollout' ? o.spec.strategy.canary : undefined;
    if (!canary?.steps) return o;
    const steps = canary.steps.map((s: any) => (s.pause?.duration ? { pause: { duration: pause } } : s));
    return { ...o, spec: { ...o.spec, strategy: { canary: { ...canary, steps } } } };
  });
}

/** What `cdk8s-zd promote --wait` did. */
export interface PromoteWait {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
  /** The release file after the command. */
  readonly file: string;
}

/**
 * `cdk8s-zd promote --wait` where a user runs it: the release file (named `file`, with the text
 * `releaseFile`) beside the step's rendered manifests in dist/, kubectl (and the cluster's
 * kubeconfig) on the PATH.
 */
export function promoteWait(cluster: Cluster, file: string, releaseFile: string, objects: readonly unknown[]): PromoteWait {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zd-promote-'));
  fs.mkdirSync(path.join(dir, 'dist'));
  fs.writeFileSync(path.join(dir, 'dist', 'manifests.yaml'), toYaml(objects));
  fs.writeFileSync(path.join(dir, file), releaseFile);
  const saved = { PATH: process.env.PATH, KUBECONFIG: process.env.KUBECONFIG };
  Object.assign(process.env, { PATH: cluster.plane.env.PATH, KUBECONFIG: cluster.plane.kubeconfig });
  const out: string[] = [];
  const err: string[] = [];
  try {
    const code = runCli(['promote', '--wait', '--file', file], { out: (l) => out.push(l), err: (l) => err.push(l) }, dir);
    return { code, out, err, file: fs.readFileSync(path.join(dir, file), 'utf8') };
  } finally {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
