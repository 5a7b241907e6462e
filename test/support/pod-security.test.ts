import { restrictedViolations } from './pod-security';

// The checker must bite, or the apps test that uses it proves nothing.
const compliant = {
  securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
  containers: [{ name: 'app', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
  volumes: [{ name: 'tmp', emptyDir: {} }],
};

test('a compliant pod passes', () => {
  expect(restrictedViolations(compliant)).toEqual([]);
});

test.each([
  ['hostNetwork', { ...compliant, hostNetwork: true }, 'hostNetwork is true'],
  ['hostPath', { ...compliant, volumes: [{ name: 'docker', hostPath: { path: '/var/run' } }] }, 'volume docker is hostPath'],
  ['no seccomp', { ...compliant, securityContext: { runAsNonRoot: true } }, 'container app seccompProfile is unset'],
  ['root allowed', { ...compliant, securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }, 'container app runAsNonRoot is not true'],
  ['capabilities kept', { ...compliant, containers: [{ name: 'app', securityContext: { allowPrivilegeEscalation: false } }] }, 'container app does not drop ALL capabilities'],
  ['NET_RAW added', { ...compliant, containers: [{ name: 'app', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: ['NET_RAW'] } } }] }, 'container app adds NET_RAW'],
  ['escalation', { ...compliant, containers: [{ name: 'app', securityContext: { capabilities: { drop: ['ALL'] } } }] }, 'container app allowPrivilegeEscalation is not false'],
  ['host port', { ...compliant, containers: [{ ...compliant.containers[0], ports: [{ containerPort: 80, hostPort: 80 }] }] }, 'container app uses hostPort 80'],
])('flags %s', (_name, pod, problem) => {
  expect(restrictedViolations(pod)).toContain(problem);
});
