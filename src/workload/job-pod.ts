import { k8s } from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from './restricted-security';
import { ImageReference } from '../core/image-reference';
import { fail } from '../core/violation';

/** A run-to-completion pod: one container, a command, nothing else to serve. */
export interface JobPodOptions {
  /** The container's name. */
  readonly containerName: string;
  /** The image, already validated by the caller. */
  readonly image: string;
  /** The command. */
  readonly command: string[];
  /** Labels of the pod. */
  readonly labels: { [key: string]: string };
  /** Environment (plain values and Secret references). */
  readonly env?: k8s.EnvVar[];
  /** Requests and limits, by resource (`cpu`, `memory`, `ephemeral-storage`). */
  readonly requests: { [resource: string]: string };
  /** Limits, by resource. */
  readonly limits: { [resource: string]: string };
  /** Further volumes and where they are mounted. */
  readonly volumes?: Array<{ readonly volume: k8s.Volume; readonly mountPath: string; readonly readOnly?: boolean }>;
  /** UID and GID the container runs as. */
  readonly user?: number;
}

/**
 * The pod template of every Job this library renders (smoke tests, migrations, backups): the
 * restricted security profile, no ServiceAccount token, explicit resources, a read-only root
 * filesystem with a writable /tmp, and no restarts inside the pod (the Job retries).
 */
export function renderJobPod(options: JobPodOptions): k8s.PodTemplateSpec {
  const user = options.user ?? 10001;
  const quantities = (values: { [resource: string]: string }) =>
    Object.fromEntries(Object.entries(values).map(([resource, value]) => [resource, k8s.Quantity.fromString(value)]));
  const volumes = [
    { volume: { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('64Mi') } }, mountPath: '/tmp', readOnly: false },
    ...(options.volumes ?? []),
  ];
  return {
    metadata: { labels: options.labels },
    spec: {
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      securityContext: restrictedPodSecurityContext(user, user),
      containers: [{
        name: options.containerName,
        image: options.image,
        imagePullPolicy: 'IfNotPresent',
        command: options.command,
        env: options.env && options.env.length > 0 ? options.env : undefined,
        securityContext: restrictedContainerSecurityContext(user, user),
        resources: { requests: quantities(options.requests), limits: quantities(options.limits) },
        volumeMounts: volumes.map((v) => ({ name: v.volume.name, mountPath: v.mountPath, readOnly: v.readOnly ? true : undefined })),
        terminationMessagePolicy: 'FallbackToLogsOnError',
      }],
      volumes: volumes.map((v) => v.volume),
    },
  };
}

/**
 * A tool image (curl, pg_dump, mongodump) must be pinned: a Job that pulls a moving `latest`
 * runs different code on every retry. Returns the image unchanged.
 */
export function checkPinnedImage(scope: IConstruct, prop: string, image: string, example: string): string {
  let reference: ImageReference;
  try {
    reference = ImageReference.parse(image);
  } catch (e) {
    return fail(scope, { prop, found: image, needed: 'must be a valid image reference', fix: (e as Error).message });
  }
  if (reference.digest === undefined && (reference.tag === undefined || reference.tag === 'latest')) {
    fail(scope, { prop, found: image, needed: 'must be pinned by a tag other than latest or by a digest', fix: `pin the image, for example ${example}` });
  }
  return image;
}
