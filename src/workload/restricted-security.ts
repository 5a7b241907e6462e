import { k8s } from 'cdk8s-plus-27';

/**
 * The Pod Security Standards "restricted" profile, written once for every pod this library
 * renders (workloads, smoke tests, migrations, backups).
 */
export function restrictedPodSecurityContext(user: number, group: number): k8s.PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: user,
    runAsGroup: group,
    fsGroup: group,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** The container half of the restricted profile, with a read-only root filesystem. */
export function restrictedContainerSecurityContext(user: number, group: number): k8s.SecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: user,
    runAsGroup: group,
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}
