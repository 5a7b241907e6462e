import { ChangeRule } from './change-rule';
import { ZD101_IMMUTABLE_FIELDS } from './rules/zd101-immutable-fields';
import { ZD102_ROLLOUT_CAPACITY } from './rules/zd102-rollout-capacity';
import { ZD103_SERVICE_ONTO_NEW_PODS } from './rules/zd103-service-onto-new-pods';
import { ZD104_FLIP_AND_SCALE_DOWN } from './rules/zd104-flip-and-scale-down';
import { ZD105_TARGET_PORT } from './rules/zd105-target-port';
import { ZD106_REPLICAS_AND_AUTOSCALER } from './rules/zd106-replicas-and-autoscaler';
import { ZD107_RENAMED_WORKLOAD } from './rules/zd107-renamed-workload';
import { ZD108_PRUNED_IN_USE } from './rules/zd108-pruned-in-use';

/** Every change rule, in id order: what `cdk8s-zd diff` runs on the pair. */
export const CHANGE_RULES: readonly ChangeRule[] = [
  ZD101_IMMUTABLE_FIELDS,
  ZD102_ROLLOUT_CAPACITY,
  ZD103_SERVICE_ONTO_NEW_PODS,
  ZD104_FLIP_AND_SCALE_DOWN,
  ZD105_TARGET_PORT,
  ZD106_REPLICAS_AND_AUTOSCALER,
  ZD107_RENAMED_WORKLOAD,
  ZD108_PRUNED_IN_USE,
];
