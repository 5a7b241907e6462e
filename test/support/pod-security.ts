/**
 * The Pod Security Standards "restricted" profile (Kubernetes 1.27), checked on a pod spec the
 * way Pod Security Admission checks it, so tests can prove that every pod this library renders
 * would be admitted by a namespace labelled `pod-security.kubernetes.io/enforce: restricted`.
 * https://kubernetes.io/docs/concepts/security/pod-security-standards/ (restricted + baseline).
 */

const ALLOWED_VOLUME_TYPES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];
const SAFE_SYSCTLS = ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range'];

/** Every way a pod spec breaks the restricted profile; empty when it is admitted. */
export function restrictedViolations(podSpec: any): string[] {
  const problems: string[] = [];
  const pod = podSpec.securityContext ?? {};
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) if (podSpec[field]) problems.push(`${field} is true`);
  for (const volume of podSpec.volumes ?? []) {
    const types = Object.keys(volume).filter((k) => k !== 'name');
    for (const type of types) if (!ALLOWED_VOLUME_TYPES.includes(type)) problems.push(`volume ${volume.name} is ${type}`);
  }
  for (const sysctl of pod.sysctls ?? []) if (!SAFE_SYSCTLS.includes(sysctl.name)) problems.push(`sysctl ${sysctl.name}`);
  if (pod.runAsUser === 0) problems.push('pod runAsUser is 0');
  const containers = [...(podSpec.initContainers ?? []), ...(podSpec.containers ?? []), ...(podSpec.ephemeralContainers ?? [])];
  if (containers.length === 0) problems.push('no containers');
  for (const c of containers) {
    const ctx = c.securityContext ?? {};
    const where = `container ${c.name}`;
    if (ctx.privileged) problems.push(`${where} is privileged`);
    if (ctx.allowPrivilegeEscalation !== false) problems.push(`${where} allowPrivilegeEscalation is not false`);
    if ((ctx.runAsNonRoot ?? pod.runAsNonRoot) !== true) problems.push(`${where} runAsNonRoot is not true`);
    if (ctx.runAsUser === 0) problems.push(`${where} runAsUser is 0`);
    const seccomp = (ctx.seccompProfile ?? pod.seccompProfile)?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') problems.push(`${where} seccompProfile is ${seccomp ?? 'unset'}`);
    if (!(ctx.capabilities?.drop ?? []).includes('ALL')) problems.push(`${where} does not drop ALL capabilities`);
    for (const cap of ctx.capabilities?.add ?? []) if (cap !== 'NET_BIND_SERVICE') problems.push(`${where} adds ${cap}`);
    for (const port of c.ports ?? []) if (port.hostPort) problems.push(`${where} uses hostPort ${port.hostPort}`);
    if (ctx.procMount && ctx.procMount !== 'Default') problems.push(`${where} procMount ${ctx.procMount}`);
    const selinux = ctx.seLinuxOptions ?? pod.seLinuxOptions;
    if (selinux?.type && !['container_t', 'container_init_t', 'container_kvm_t'].includes(selinux.type)) problems.push(`${where} SELinux type ${selinux.type}`);
    if (selinux?.user || selinux?.role) problems.push(`${where} sets SELinux user or role`);
    if (ctx.windowsOptions?.hostProcess) problems.push(`${where} is a Windows host process`);
  }
  return problems;
}

/**
 * Every pod spec inside an object: Deployments, Rollouts, Jobs, CronJobs, and the Job templates
 * of Argo Rollouts AnalysisTemplates.
 */
export function podSpecsOf(obj: any): Array<{ where: string; spec: any }> {
  const name = `${obj.kind}/${obj.metadata?.name}`;
  switch (obj.kind) {
    case 'Pod':
      return [{ where: name, spec: obj.spec }];
    case 'Deployment':
    case 'Rollout':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'Job':
      return [{ where: name, spec: obj.spec.template.spec }];
    case 'CronJob':
      return [{ where: name, spec: obj.spec.jobTemplate.spec.template.spec }];
    case 'AnalysisTemplate':
      return (obj.spec.metrics ?? [])
        .filter((m: any) => m.provider?.job)
        .map((m: any) => ({ where: `${name} metric ${m.name}`, spec: m.provider.job.spec.template.spec }));
    default:
      return [];
  }
}
