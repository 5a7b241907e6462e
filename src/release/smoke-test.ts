import { createHash } from 'crypto';
import { ApiObject, Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { checkValue } from '../core/checks';
import { wholeSeconds } from '../core/durations';
import { dns1123LabelProblem } from '../core/k8s-names';
import { fail } from '../core/violation';
import { APP_LABELS } from '../core/well-known-keys';
import { checkPinnedImage, renderJobPod } from '../workload/job-pod';

/**
 * A smoke test: a Job that requests paths of a Service over HTTP and fails unless each answers
 * 2xx. Health and metrics show the pods run; an API path shows they serve ("API functionality
 * test"): name one.
 */
export interface SmokeTestOptions {
  /** An image with `sh` and `curl`, pinned by tag or digest. */
  readonly image: string;
  /**
   * Paths that must answer 2xx (GET).
   * @default ['/health', '/metrics']
   */
  readonly paths?: string[];
  /**
   * How long the whole test may run.
   * @default Duration.minutes(5)
   */
  readonly timeout?: Duration;
}

/** Where a smoke test runs and what it is named after. */
export interface SmokeTestTarget {
  /** The Service host the test calls. */
  readonly host: string;
  /** The Service port. */
  readonly port: number;
  /** The image being released: the Job is named after it, so each release's test runs once. */
  readonly releasedImage: string;
  /** The labels of the Job (its component becomes `smoke-test`). */
  readonly labels: { [key: string]: string };
  /** The name prop the Job's name derives from (for the length message). */
  readonly baseName: string;
}

/**
 * Renders a smoke-test Job at `scope` (construct id `SmokeTest`), named
 * `<host>-smoke-<hash of the released image>`. No ttlSecondsAfterFinished: a Job deleted by TTL
 * would be created, and run, again by the next `kubectl apply`.
 */
export function renderSmokeTest(scope: Construct, options: SmokeTestOptions, target: SmokeTestTarget): ApiObject {
  checkPinnedImage(scope, 'smokeTest.image', options.image, 'curlimages/curl:8.11.1');
  const paths = options.paths ?? ['/health', '/metrics'];
  if (paths.length === 0) fail(scope, { prop: 'smokeTest.paths', found: '[]', needed: 'must hold at least one path', fix: 'name the health path and one API path' });
  for (const path of paths) {
    if (!/^\/[A-Za-z0-9._~\/-]*$/.test(path)) {
      fail(scope, { prop: 'smokeTest.paths', found: path, needed: 'must be a URL path of letters, digits and ._~-/ starting with /', fix: 'write the path without query or shell characters' });
    }
  }
  const script = `set -e; for p in ${paths.join(' ')}; do curl -fsS --max-time 5 -o /dev/null "http://${target.host}:${target.port}$p"; echo "ok $p"; done`;
  const digest = createHash('sha256').update(target.releasedImage).digest('hex').slice(0, 10);
  // The Job's name is also its pods' job-name label: at most 63 characters.
  const jobName = `${target.host}-smoke-${digest}`;
  checkValue(scope, 'name', jobName, dns1123LabelProblem(jobName),
    `shorten the name to ${63 - (jobName.length - target.baseName.length)} characters or fewer: the smoke-test Job ${jobName} is derived from it`);
  return new k8s.KubeJob(scope, 'SmokeTest', {
    metadata: { name: jobName, labels: { ...target.labels, [APP_LABELS.component]: 'smoke-test' } },
    spec: {
      backoffLimit: 2,
      activeDeadlineSeconds: wholeSeconds(scope, 'smokeTest.timeout', options.timeout ?? Duration.minutes(5), true),
      template: renderJobPod({
        containerName: 'smoke-test',
        image: options.image,
        command: ['sh', '-c', script],
        labels: { [APP_LABELS.name]: `${target.host}-smoke`, [APP_LABELS.managedBy]: target.labels[APP_LABELS.managedBy] },
        requests: { 'cpu': '50m', 'memory': '32Mi', 'ephemeral-storage': '16Mi' },
        limits: { 'cpu': '200m', 'memory': '64Mi', 'ephemeral-storage': '64Mi' },
      }),
    },
  });
}
