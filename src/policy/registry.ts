import { ManifestRule } from './rule';
import { ZD001_READINESS } from './rules/zd001-probes';
import { ZD002_ROLLING_CAPACITY } from './rules/zd002-rolling-capacity';
import { ZD003_GRACE_PERIOD } from './rules/zd003-grace-period';
import { ZD004_DISRUPTION_BUDGET } from './rules/zd004-disruption-budget';
import { ZD005_AUTOSCALED_WORKLOAD } from './rules/zd005-autoscaled-workload';
import { ZD006_SERVICE_SELECTS_RUNNING_PODS } from './rules/zd006-service-selects-running-pods';
import { ZD007_IMMUTABLE_IMAGE } from './rules/zd007-immutable-image';
import { ZD008_CONFIG_ROLLS_PODS } from './rules/zd008-config-rolls-pods';
import { ZD009_VPA_HPA_CONFLICT } from './rules/zd009-vpa-hpa-conflict';
import { ZD010_ONE_BUDGET_PER_POD_SET } from './rules/zd010-one-budget-per-pod-set';
import { ZD011_UNHEALTHY_POD_EVICTION } from './rules/zd011-unhealthy-pod-eviction';
import { ZD012_AUTOSCALER_TARGET_EXISTS } from './rules/zd012-autoscaler-target-exists';
import { ZD013_ONE_AUTOSCALER } from './rules/zd013-one-autoscaler';
import { ZD014_NAMED_PORTS_EXIST } from './rules/zd014-named-ports-exist';
import { ZD015_ROLLOUT_REFERENCES } from './rules/zd015-rollout-references';
import { ZD016_PRODUCTION_SERVICE_REDUNDANCY } from './rules/zd016-production-service-redundancy';
import { ZD017_STABLE_SELECTORS } from './rules/zd017-stable-selectors';
import { ZD018_DUPLICATE_OBJECTS } from './rules/zd018-duplicate-objects';
import { ZD019_REMOVED_APIS } from './rules/zd019-removed-apis';
import { ZD020_TRAFFIC_BACKENDS_EXIST } from './rules/zd020-traffic-backends-exist';
import { ZD021_METRICS_NOT_PUBLIC } from './rules/zd021-metrics-not-public';
import { ZD022_CUSTOM_METRICS_SERVED } from './rules/zd022-custom-metrics-served';
import { ZD023_STAGED_IMAGES } from './rules/zd023-staged-images';
import { ZD024_ROLLOUT_TEMPLATE_AS_WRITTEN_BACK } from './rules/zd024-rollout-template-as-written-back';

/** Every single-snapshot rule, in id order: what synth, `check` and the plugin run. */
export const RULES: readonly ManifestRule[] = [
  ZD001_READINESS,
  ZD002_ROLLING_CAPACITY,
  ZD003_GRACE_PERIOD,
  ZD004_DISRUPTION_BUDGET,
  ZD005_AUTOSCALED_WORKLOAD,
  ZD006_SERVICE_SELECTS_RUNNING_PODS,
  ZD007_IMMUTABLE_IMAGE,
  ZD008_CONFIG_ROLLS_PODS,
  ZD009_VPA_HPA_CONFLICT,
  ZD010_ONE_BUDGET_PER_POD_SET,
  ZD011_UNHEALTHY_POD_EVICTION,
  ZD012_AUTOSCALER_TARGET_EXISTS,
  ZD013_ONE_AUTOSCALER,
  ZD014_NAMED_PORTS_EXIST,
  ZD015_ROLLOUT_REFERENCES,
  ZD016_PRODUCTION_SERVICE_REDUNDANCY,
  ZD017_STABLE_SELECTORS,
  ZD018_DUPLICATE_OBJECTS,
  ZD019_REMOVED_APIS,
  ZD020_TRAFFIC_BACKENDS_EXIST,
  ZD021_METRICS_NOT_PUBLIC,
  ZD022_CUSTOM_METRICS_SERVED,
  ZD023_STAGED_IMAGES,
  ZD024_ROLLOUT_TEMPLATE_AS_WRITTEN_BACK,
];
