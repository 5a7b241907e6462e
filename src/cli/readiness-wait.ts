import { spawnSync } from 'child_process';
import { CliIo } from './io';
import { runningWorkloadOf } from './rendered-workloads';
import { asObject, get, JsonObject } from '../policy/model/json';
import { ManifestModel } from '../policy/model/manifest-model';

/** The command that waits until the staged colour's pods are ready. */
export interface ReadinessWait {
  /** kubectl and its arguments. */
  readonly argv: string[];
  /** The workload waited on (`Deployment/api-green in shop`). */
  readonly workload: string;
}

/**
 * The readiness wait for the pods that run `image`, read from the rendered manifests (the synth
 * output the release file feeds, `renderedModel`), with the workload's progress deadline
 * as the timeout: `kubectl rollout status` for the Deployment running it. For an Argo Rollout
 * that waits for promotion (blue/green, auto-promotion off), `kubectl wait` until Argo pauses it
 * for promotion (`BlueGreenPause`), which Argo does only once the preview ReplicaSet is
 * available and the pre-promotion analysis passed; such a Rollout is Paused, not Healthy, until
 * it is promoted, so `kubectl argo rollouts status` would wait out its timeout. The wait reads
 * the first pause condition only: while another one is there first (an inconclusive analysis),
 * it times out and the promotion is refused, which is the answer such a Rollout needs. Any other
 * Rollout promotes itself: `kubectl argo rollouts status` waits until it is Healthy. Undefined
 * when the manifests are not there or no running workload has the image.
 */
export function readinessWaitFor(rendered: ManifestModel | undefined, image: string): ReadinessWait | undefined {
  const owner = runningWorkloadOf(rendered, image);
  if (!owner) return undefined;
  const namespace = owner.namespace ?? 'default';
  const deadline = typeof owner.spec.progressDeadlineSeconds === 'number' ? owner.spec.progressDeadlineSeconds : 600;
  const argv = owner.kind === 'Deployment'
    ? ['kubectl', 'rollout', 'status', `deployment/${owner.name}`, '-n', namespace, `--timeout=${deadline}s`]
    : awaitsPromotion(owner.spec)
      ? ['kubectl', 'wait', `rollouts.argoproj.io/${owner.name}`, '-n', namespace, '--for=jsonpath={.status.pauseConditions[0].reason}=BlueGreenPause', `--timeout=${deadline}s`]
      : ['kubectl', 'argo', 'rollouts', 'status', owner.name, '-n', namespace, '--timeout', `${deadline}s`];
  return { argv, workload: `${owner.display} in ${namespace}` };
}

/** Whether a Rollout's spec is blue/green with auto-promotion off (Argo's default is on). */
function awaitsPromotion(spec: JsonObject): boolean {
  const blueGreen = asObject(get(spec, 'strategy', 'blueGreen'));
  return blueGreen !== undefined && blueGreen.autoPromotionEnabled === false;
}

/** Runs the wait with kubectl from the PATH; returns why it failed, or undefined when the pods are ready. */
export function runReadinessWait(wait: ReadinessWait, io: CliIo): string | undefined {
  io.out(`waiting for ${wait.workload}: ${wait.argv.join(' ')}`);
  const result = spawnSync(wait.argv[0], wait.argv.slice(1), { encoding: 'utf8', env: process.env });
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'kubectl is not on the PATH: run the wait yourself, or leave out --wait' : result.error.message;
  }
  for (const line of `${result.stdout ?? ''}`.split('\n').filter((l) => l !== '')) io.out(`  ${line}`);
  if (result.status !== 0) {
    const stderr = `${result.stderr ?? ''}`.trim();
    return `${wait.workload} is not ready (${wait.argv.join(' ')} exited ${result.status}${stderr ? `: ${stderr}` : ''})`;
  }
  return undefined;
}
