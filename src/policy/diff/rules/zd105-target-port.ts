import { ZeroDowntimeRule } from '../../../core/rule-id';
import { FindingSeverity } from '../../finding';
import { asString, objects } from '../../model/json';
import { ChangeRule, shown } from '../change-rule';
import { running } from '../change-set';

/**
 * ZD105: a change that renames a Service's named targetPort must keep it resolvable on the
 * pods that run now: during the rollout the old ReplicaSet's pods lack the new name, drop out
 * of the endpoints at once, and only new pods serve. Anchors: the EndpointSlice controller
 * resolves a named targetPort per pod.
 */
export const ZD105_TARGET_PORT: ChangeRule = {
  id: ZeroDowntimeRule.ZD105,
  severity: FindingSeverity.ERROR,
  summary: 'A change keeps a Service\'s named targetPort on the pods that run before it',
  check(change, _context, report) {
    for (const service of change.head.ofKind('Service')) {
      const base = change.baseOf(service);
      if (!base) continue;
      const basePorts = objects(base.spec.ports);
      objects(service.spec.ports).forEach((port, i) => {
        const target = port.targetPort;
        if (typeof target !== 'string') return;
        const before = basePorts.find((p) => asString(p.name) === asString(port.name) || p.port === port.port)?.targetPort;
        if (before === target) return;
        const runningBefore = change.base.podSetsOfService(base).filter((p) => running(change.base, p));
        const lacking = runningBefore.filter((p) => !p.namedPorts().has(target));
        if (lacking.length === 0) return;
        report.add(service, {
          field: `spec.ports[${i}].targetPort`,
          found: `${shown(before)} -> ${shown(target)}, which the running pods of ${lacking.map((p) => p.owner.display).join(', ')} do not have`,
          needed: 'must name a port the pods that run now have: they leave the endpoints until the rollout replaces them',
          fix: 'add the new port name to the pods in one change, move the Service in the next',
        });
      });
    }
  },
};
