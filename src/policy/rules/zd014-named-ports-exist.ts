import { ZeroDowntimeRule } from '../../core/rule-id';
import { FindingSeverity } from '../finding';
import { probePort } from '../model/container-facts';
import { asObject, asString, objects } from '../model/json';
import { ManifestRule } from '../rule';

/**
 * ZD014: a Service's named targetPort is a container port name in every pod template it
 * selects (else those pods never become endpoints), and a probe's named port is a port of its
 * own container (else the probe fails and the pod never turns ready). Anchors: the
 * Kubernetes Service documentation on named ports (a name is resolved in each pod), the
 * kubelet's probe port lookup.
 */
export const ZD014_NAMED_PORTS_EXIST: ManifestRule = {
  id: ZeroDowntimeRule.ZD014,
  severity: FindingSeverity.ERROR,
  summary: 'Named targetPorts and probe ports exist in the pod templates that use them',
  check(model, _context, report) {
    for (const service of model.ofKind('Service')) {
      const podSets = model.podSetsOfService(service);
      objects(service.spec.ports).forEach((port, i) => {
        const target = asString(port.targetPort);
        if (target === undefined) return;
        for (const podSet of podSets) {
          if (podSet.namedPorts().has(target)) continue;
          report.add(service, {
            field: `spec.ports[${i}].targetPort`,
            found: `${target}, not a port name of ${podSet.owner.display} (${[...podSet.namedPorts().keys()].join(', ') || 'no named ports'})`,
            needed: 'must name a container port of every pod template the Service selects, or those pods never receive traffic',
            fix: `name the container port ${target}, or point targetPort at an existing port name or number`,
          });
        }
      });
    }
    for (const podSet of model.podSets) {
      for (const c of podSet.containers()) {
        const names = new Set(objects(c.raw.ports).map((p) => asString(p.name)).filter((n): n is string => n !== undefined));
        for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
          const port = probePort(asObject(c.raw[probe]));
          if (typeof port !== 'string' || names.has(port)) continue;
          report.add(podSet.owner, {
            field: `${c.path}.${probe}`,
            found: `port ${port}, not a port name of container ${c.name} (${[...names].join(', ') || 'no named ports'})`,
            needed: 'must name one of the container\'s own ports, or the probe always fails',
            fix: `name the container port ${port}, or probe a port number`,
          });
        }
      }
    }
  },
};
