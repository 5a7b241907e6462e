import * as fs from 'fs';
import * as path from 'path';
import { ZeroDowntimeRule } from '../../src';
import { CHANGE_RULES } from '../../src/policy/diff/change-rules';
import { checkManifests } from '../../src/policy/engine';
import { FindingSeverity } from '../../src/policy/finding';
import { readManifests } from '../../src/policy/manifest-reader';
import { RULES } from '../../src/policy/registry';
import { renderRulesDoc } from '../support/rules-doc';

const BROKEN = path.join(__dirname, 'broken');

/** A rule that compares with staging (ZD023) finds its staging set under broken/staging/. */
function stagingOf(file: string) {
  const staging = path.join(BROKEN, 'staging', file);
  return fs.existsSync(staging) ? readManifests([staging]) : undefined;
}

/** The findings of one broken manifest set, as `<severity> <rule> <message>` lines. */
function findingsOf(file: string, rule?: string): string[] {
  const report = checkManifests(readManifests([path.join(BROKEN, file)]), { stagedIn: stagingOf(file) });
  return report.findings.filter((f) => rule === undefined || f.rule === rule).map((f) => `${f.severity} ${f.rule} ${f.message}`);
}

/** The findings' fixes. */
function fixesOf(file: string, rule: string): string[] {
  const report = checkManifests(readManifests([path.join(BROKEN, file)]), { stagedIn: stagingOf(file) });
  return report.findings.filter((f) => f.rule === rule).map((f) => f.fix);
}

describe('the rule registry', () => {
  test('one rule per id, in id order, each with a summary; every id of ZeroDowntimeRule but ZD000 has a snapshot or a change rule', () => {
    const ids = RULES.map((r) => r.id);
    const changeIds = CHANGE_RULES.map((r) => r.id);
    expect(ids).toEqual([...ids].sort());
    expect(changeIds).toEqual([...changeIds].sort());
    expect(new Set([...ids, ...changeIds]).size).toBe(ids.length + changeIds.length);
    expect([...ids, ...changeIds]).toEqual(Object.values(ZeroDowntimeRule).filter((id) => id !== ZeroDowntimeRule.ZD000).sort());
    for (const rule of [...RULES, ...CHANGE_RULES]) expect(rule.summary.length).toBeGreaterThan(10);
  });

  test('a production service with a budget and an HPA raises nothing', () => {
    const report = checkManifests(readManifests([path.join(__dirname, 'good')]));
    expect(report.findings).toEqual([]);
    expect(report.summary).toEqual({ errors: 0, warnings: 0, notices: 0, objects: 5 });
  });
});

describe('each rule on its broken manifests (test/policy/broken)', () => {
  test('ZD001: readiness on every served container, liveness not the same check', () => {
    expect(findingsOf('zd001-readiness.yaml', 'ZD001')).toEqual([
      'error ZD001 Deployment/api spec.template.spec.containers[0].readinessProbe (unset on container api) must be set: Services (api) send traffic to pods that are not ready',
      'error ZD001 Deployment/web spec.template.spec.containers[0].livenessProbe (httpGet /ready :http) must differ from the readinessProbe: a dependency blip then restarts every pod at once',
    ]);
    expect(fixesOf('zd001-readiness.yaml', 'ZD001')[0]).toBe('add a readinessProbe that checks the app can serve (an HTTP /ready endpoint)');
  });

  test('ZD002: both bounds 0, maxUnavailable of every replica, Recreate behind a Service', () => {
    expect(findingsOf('zd002-rolling-capacity.yaml', 'ZD002')).toEqual([
      'error ZD002 Deployment/api spec.strategy.rollingUpdate.maxSurge (0 with maxUnavailable 0 at 3 replicas) must be at least 1 pod when maxUnavailable resolves to 0, or the rollout can never start',
      'error ZD002 Deployment/web spec.strategy.rollingUpdate.maxUnavailable (100%, 3 of 3 replicas) must leave at least one pod serving during a rollout',
      'warning ZD002 Deployment/worker spec.strategy.type (Recreate) stops every pod before a new one starts while Services (worker) route to them',
    ]);
  });

  test('ZD003: grace period shorter than the preStop sleep, read through sh -c', () => {
    expect(findingsOf('zd003-grace-period.yaml', 'ZD003')).toEqual([
      'error ZD003 Deployment/api spec.template.spec.terminationGracePeriodSeconds (10) must exceed the preStop sleep of container api (15s)',
    ]);
    expect(fixesOf('zd003-grace-period.yaml', 'ZD003')).toEqual(['raise terminationGracePeriodSeconds to at least 16 plus the app\'s own drain time, or shorten the preStop sleep']);
  });

  test('ZD004: no budget in production, and a budget that allows no eviction', () => {
    expect(findingsOf('zd004-disruption-budget.yaml', 'ZD004')).toEqual([
      'error ZD004 Deployment/api metadata.name (3 replicas at the minimum, no PodDisruptionBudget selects its pods) needs a PodDisruptionBudget: a node drain may otherwise evict every pod at once',
      'error ZD004 PodDisruptionBudget/web spec.maxUnavailable (0 with Deployment/web at 3 replicas) must allow at least 1 eviction at the minimum replica count, or node drains block until someone deletes the budget',
    ]);
  });

  test('ZD004: a missing budget is a notice outside production and nothing in development', () => {
    const inputs = readManifests([path.join(BROKEN, 'zd004-disruption-budget.yaml')]);
    const severity = (environment: string) => checkManifests(inputs, { environment }).findings.filter((f) => f.rule === 'ZD004').map((f) => f.severity);
    expect(severity('staging')).toEqual([FindingSeverity.NOTICE, FindingSeverity.ERROR]);
    expect(severity('development')).toEqual([FindingSeverity.ERROR]);
  });

  test('ZD005: spec.replicas under an HPA; utilisation without requests', () => {
    expect(findingsOf('zd005-autoscaled-workload.yaml', 'ZD005')).toEqual([
      'error ZD005 Deployment/api spec.replicas (3) must be omitted while HorizontalPodAutoscaler/api manages the scale: every apply resets the live replica count',
      'error ZD005 HorizontalPodAutoscaler/api spec.metrics[0].resource.target (cpu utilization on containers api without cpu requests) needs a cpu request on every container of the target',
    ]);
  });

  test('ZD006: a Service flipped to a colour at 0 replicas; a selector that matches no template', () => {
    expect(findingsOf('zd006-service-selects-running-pods.yaml', 'ZD006')).toEqual([
      'error ZD006 Service/api spec.selector (app.kubernetes.io/name=api,color=green, selecting only Deployment/api-green (0 replicas)) must select pods that run: the Service has no endpoints and drops all traffic',
      'warning ZD006 Service/legacy spec.selector (app=legacy) matches no pod template in these manifests, so the Service has no endpoints unless pods come from elsewhere',
    ]);
  });

  test('ZD007: latest in production is an error, a version tag without a git sha a warning', () => {
    expect(findingsOf('zd007-immutable-image.yaml', 'ZD007')).toEqual([
      'error ZD007 Deployment/api spec.template.spec.containers[0].image (ghcr.io/acme/api:latest) must carry an immutable <semver>-<gitsha> tag (1.3.0-ab12cd3) or a digest (@sha256:...) in staging and production',
      'warning ZD007 Deployment/web spec.template.spec.containers[0].image (nginx:1.25) must carry an immutable <semver>-<gitsha> tag (1.3.0-ab12cd3) or a digest (@sha256:...) in staging and production',
      'error ZD007 AnalysisTemplate/smoke spec.metrics[0].provider.job.spec.template.spec.containers[0].image (curlimages/curl, no tag) must carry an immutable <semver>-<gitsha> tag (1.3.0-ab12cd3) or a digest (@sha256:...) in staging and production',
    ]);
    const inputs = readManifests([path.join(BROKEN, 'zd007-immutable-image.yaml')]);
    expect(checkManifests(inputs, { environment: 'development' }).findings.filter((f) => f.rule === 'ZD007')).toEqual([]);
  });

  test('ZD008: a ConfigMap change that never rolls the pods', () => {
    expect(findingsOf('zd008-config-rolls-pods.yaml', 'ZD008')).toEqual([
      'warning ZD008 Deployment/api spec.template.spec (reads ConfigMap api-config, which is neither content-named nor immutable, and the template has no checksum annotation) must roll its pods when the ConfigMap changes',
    ]);
  });

  test('ZD009: a VPA in Auto mode beside an HPA on the same resource', () => {
    expect(findingsOf('zd009-vpa-hpa-conflict.yaml', 'ZD009')).toEqual([
      'error ZD009 VerticalPodAutoscaler/api spec.updatePolicy.updateMode (Auto on cpu) must be Off or Initial while the HPA scales on cpu',
    ]);
    expect(fixesOf('zd009-vpa-hpa-conflict.yaml', 'ZD009')).toEqual(['set updateMode to "Off" (recommendations only) or "Initial", or scale the HPA on another metric']);
  });

  test('ZD010: two budgets over one pod set', () => {
    expect(findingsOf('zd010-one-budget-per-pod-set.yaml', 'ZD010')).toEqual([
      'error ZD010 Deployment/api spec.template.metadata.labels (selected by 2 PodDisruptionBudgets (api, api-extra)) must be selected by exactly one: the eviction API refuses to evict a pod with more than one, so node drains stall',
    ]);
  });

  test('ZD011: unhealthy pods count against the budget', () => {
    expect(findingsOf('zd011-unhealthy-pod-eviction.yaml', 'ZD011')).toEqual([
      'notice ZD011 PodDisruptionBudget/api spec.unhealthyPodEvictionPolicy (unset (IfHealthyBudget)) should be AlwaysAllow, or pods stuck in a crash loop block node drains',
    ]);
  });

  test('ZD012: a target of the wrong kind fails; one absent from the set warns', () => {
    expect(findingsOf('zd012-autoscaler-target-exists.yaml', 'ZD012')).toEqual([
      'warning ZD012 HorizontalPodAutoscaler/typo spec.scaleTargetRef (Deployment/apii) must name a workload in namespace shop; none is in these manifests, so it must exist in the cluster',
      'error ZD012 HorizontalPodAutoscaler/wrong-kind spec.scaleTargetRef (ConfigMap/settings) must name a scalable workload (Deployment, StatefulSet, ReplicaSet, Rollout), not a ConfigMap',
    ]);
  });

  test('ZD013: an HPA and a ScaledObject on one workload', () => {
    expect(findingsOf('zd013-one-autoscaler.yaml', 'ZD013')).toEqual([
      'error ZD013 Deployment/api spec.replicas (scaled by HorizontalPodAutoscaler/api and ScaledObject/api) must have one horizontal autoscaler: two overwrite each other\'s replica count',
    ]);
  });

  test('ZD014: a named targetPort and a probe port that no container has', () => {
    expect(findingsOf('zd014-named-ports-exist.yaml', 'ZD014')).toEqual([
      'error ZD014 Deployment/api spec.template.spec.containers[0].readinessProbe (port web, not a port name of container api (http)) must name one of the container\'s own ports, or the probe always fails',
      'error ZD014 Service/api spec.ports[0].targetPort (metrics, not a port name of Deployment/api (http)) must name a container port of every pod template the Service selects, or those pods never receive traffic',
    ]);
  });

  test('ZD015: Argo Rollout references', () => {
    expect(findingsOf('zd015-rollout-references.yaml', 'ZD015')).toEqual([
      'error ZD015 Rollout/api spec.strategy.blueGreen.previewService (api) must differ from activeService (api)',
      'warning ZD015 Rollout/api spec.strategy.blueGreen.prePromotionAnalysis.templates[0].templateName (success-rate) must name an AnalysisTemplate in namespace shop in these manifests, or the analysis errors and the rollout aborts',
      'warning ZD015 Rollout/web spec.strategy.canary.canaryService (web-canary) must name a Service in namespace shop; none is in these manifests',
      'error ZD015 Rollout/web spec.strategy.canary.scaleDownDelaySeconds (30) must be unset when dynamicStableScale is true (Argo refuses the pair)',
    ]);
  });

  test('ZD016: a production Service on one pod; a canary Service on one pod that a weighted route sends live traffic to', () => {
    expect(findingsOf('zd016-production-service-redundancy.yaml', 'ZD016')).toEqual([
      'error ZD016 Service/api spec.selector (1 pod at the minimum (Deployment/api: 1)) must reach at least 2 pods in production, or one eviction or node failure takes the Service down',
    ]);
    expect(findingsOf('zd016-canary-live-traffic.yaml', 'ZD016')).toEqual([
      'error ZD016 Service/web-canary spec.selector (1 pod at the minimum (Deployment/web-canary: 1)) must reach at least 2 pods in production, or one eviction or node failure takes the Service down',
    ]);
  });

  test('ZD017: selectors on the construct address', () => {
    expect(findingsOf('zd017-stable-selectors.yaml', 'ZD017').map((m) => m.split(' must ')[0])).toEqual([
      'error ZD017 Deployment/api spec.selector (cdk8s.io/metadata.addr=chart-api-c8a1b2c3)',
      'error ZD017 Service/api spec.selector (cdk8s.io/metadata.addr=chart-api-c8a1b2c3)',
      'error ZD017 PodDisruptionBudget/api spec.selector (cdk8s.io/metadata.addr=chart-api-c8a1b2c3)',
    ]);
    expect(findingsOf('zd017-stable-selectors.yaml', 'ZD017')[0]).toBe('error ZD017 Deployment/api spec.selector (cdk8s.io/metadata.addr=chart-api-c8a1b2c3) must not use cdk8s.io/metadata.addr: it changes when a construct id is renamed, and a workload selector is immutable');
  });

  test('ZD018: the same Service twice', () => {
    expect(findingsOf('zd018-duplicate-objects.yaml', 'ZD018')).toEqual([
      `error ZD018 Service/api metadata.name (api in group core, defined more than once in ${path.join(BROKEN, 'zd018-duplicate-objects.yaml')}) must be unique per group, kind and namespace: the later object silently replaces the earlier when applied`,
    ]);
  });

  test('ZD019: APIs removed by 1.25 and 1.26, and nothing at 1.24', () => {
    expect(findingsOf('zd019-removed-apis.yaml', 'ZD019')).toEqual([
      'error ZD019 PodDisruptionBudget/api apiVersion (policy/v1beta1) was removed in Kubernetes 1.25; the target is 1.27, which refuses it',
      'error ZD019 HorizontalPodAutoscaler/api apiVersion (autoscaling/v2beta2) was removed in Kubernetes 1.26; the target is 1.27, which refuses it',
    ]);
    const inputs = readManifests([path.join(BROKEN, 'zd019-removed-apis.yaml')]);
    expect(checkManifests(inputs, { kubernetesVersion: '1.24' }).findings.filter((f) => f.rule === 'ZD019')).toEqual([]);
    expect(checkManifests(inputs, { kubernetesVersion: '1.25' }).findings.filter((f) => f.rule === 'ZD019')).toHaveLength(1);
  });

  test('ZD020: an Ingress to a port the Service lacks, and to a Service not in the set', () => {
    expect(findingsOf('zd020-traffic-backends-exist.yaml', 'ZD020')).toEqual([
      'error ZD020 Ingress/api spec.rules[0].http.paths[0].backend.service (port 8080 of Service api (which has http)) must name a port the Service exposes',
      'warning ZD020 Ingress/api spec.rules[0].http.paths[1].backend.service (Service admin) must name a Service; none is in these manifests, so unless it exists in the cluster every request on this route fails',
    ]);
  });

  test('ZD021: a / Prefix over the port that serves /metrics, a route to the metrics port, an Exact /metrics route', () => {
    expect(findingsOf('zd021-metrics-not-public.yaml', 'ZD021')).toEqual([
      'warning ZD021 Ingress/api spec.rules[0].http.paths[0] (path / (Prefix) to Service api port http, where Deployment/api serves /metrics on container port 8080) must not reach the pods\' metrics endpoint: metrics are for the cluster\'s Prometheus, not for the public',
      'warning ZD021 Ingress/api spec.rules[0].http.paths[2] (path /stats (Exact) to Service api port metrics, a metrics port) must not reach the pods\' metrics endpoint: metrics are for the cluster\'s Prometheus, not for the public',
      'warning ZD021 HTTPRoute/api spec.rules[0].backendRefs[0] (path /metrics (Exact) to Service api port http, where Deployment/api serves /metrics on container port 8080) must not reach the pods\' metrics endpoint: metrics are for the cluster\'s Prometheus, not for the public',
    ]);
    expect(fixesOf('zd021-metrics-not-public.yaml', 'ZD021')[0]).toBe('serve metrics on a port of their own (metricsPort) that no route names, or route only the public paths');
  });

  test('ZD022: Pods and Object metrics no adapter rule serves ($1 names filled from the series)', () => {
    expect(findingsOf('zd022-custom-metrics-served.yaml', 'ZD022')).toEqual([
      'warning ZD022 HorizontalPodAutoscaler/api spec.metrics[2].pods.metric.name (latency_p95, which no metrics adapter rule in these manifests serves (they serve http_requests_per_second, requests)) must be served by the custom metrics API, or the HPA cannot compute it and never scales on it',
      'warning ZD022 HorizontalPodAutoscaler/api spec.metrics[3].object.metric.name (queue_depth, which no metrics adapter rule in these manifests serves (they serve http_requests_per_second, requests)) must be served by the custom metrics API, or the HPA cannot compute it and never scales on it',
    ]);
  });

  test('ZD023: an image staging does not run, a declared hotfix, a lapsed and a reasonless declaration', () => {
    expect(findingsOf('zd023-staged-images.yaml', 'ZD023')).toEqual([
      'error ZD023 Deployment/api spec.template.spec.containers[0].image (ghcr.io/acme/api:1.5.0-5e5e5e5, which no staging manifest runs) must be an image staging runs: deploy to staging first',
      'notice ZD023 Deployment/worker spec.template.spec.containers[0].image (ghcr.io/acme/worker:2.0.1-f1f1f1f, a declared hotfix: INC-4711, payments fail on 2.0.0; staging next) runs in production before staging; run it in staging next',
      'warning ZD023 Deployment/worker metadata.annotations["zero-downtime.cdk8s.io/hotfix"] (ghcr.io/acme/worker:2.0.0-e0e0e0e, which the workload no longer runs) names no image of the workload: the exception has lapsed',
      'error ZD023 Deployment/cron spec.template.spec.containers[0].image (ghcr.io/acme/cron:1.0.1-c1c1c1c, which no staging manifest runs) must be an image staging runs: deploy to staging first',
      'error ZD023 Deployment/cron metadata.annotations["zero-downtime.cdk8s.io/hotfix"] (ghcr.io/acme/cron:1.0.1-c1c1c1c) must give a reason after the image',
    ]);
    expect(fixesOf('zd023-staged-images.yaml', 'ZD023')[0]).toBe(
      'release ghcr.io/acme/api:1.5.0-5e5e5e5 to staging first, or declare a hotfix: annotate Deployment/api with zero-downtime.cdk8s.io/hotfix: "ghcr.io/acme/api:1.5.0-5e5e5e5: <reason>"');
  });

  test('ZD024: quantities the Argo controller rewrites, in a Rollout\'s own template only; a probe field it drops is no conflict', () => {
    expect(findingsOf('zd024-rollout-template-as-written-back.yaml', 'ZD024')).toEqual([
      'warning ZD024 Rollout/api spec.template.spec.initContainers[0].resources.requests["memory"] (1024Mi, which the controller writes back as 1Gi) '
        + 'must be written as the Argo Rollouts controller writes it back, or its update takes the field from your field manager and the next server-side apply conflicts',
      'warning ZD024 Rollout/api spec.template.spec.containers[0].resources.limits["cpu"] (1000m, which the controller writes back as 1) '
        + 'must be written as the Argo Rollouts controller writes it back, or its update takes the field from your field manager and the next server-side apply conflicts',
    ]);
    expect(fixesOf('zd024-rollout-template-as-written-back.yaml', 'ZD024')).toEqual(['write 1Gi', 'write 1']);
  });

  test('ZD023: without a staging set nothing is compared; images the base already ran are not new', () => {
    const production = readManifests([path.join(BROKEN, 'zd023-staged-images.yaml')]);
    expect(checkManifests(production).findings.filter((f) => f.rule === 'ZD023')).toEqual([]);
    const staging = readManifests([path.join(BROKEN, 'staging', 'zd023-staged-images.yaml')]);
    const findings = checkManifests(production, { stagedIn: staging, previous: production }).findings.filter((f) => f.rule === 'ZD023');
    expect(findings.map((f) => `${f.severity} ${f.resource.name} ${f.field}`)).toEqual([
      'warning worker metadata.annotations["zero-downtime.cdk8s.io/hotfix"]',
      'error cron metadata.annotations["zero-downtime.cdk8s.io/hotfix"]',
    ]);
  });

  test('ZD000: a suppression without a reason is an error and suppresses nothing', () => {
    expect(findingsOf('zd000-suppression-needs-reason.yaml')).toEqual([
      'error ZD000 Deployment/api metadata.annotations["zero-downtime.cdk8s.io/suppress"] (ZD016) must give a reason after the rule id',
      'error ZD000 Service/api metadata.annotations["zero-downtime.cdk8s.io/suppress"] (ZD016) must give a reason after the rule id',
      'error ZD016 Service/api spec.selector (1 pod at the minimum (Deployment/api: 1)) must reach at least 2 pods in production, or one eviction or node failure takes the Service down',
    ]);
  });

  test('every broken file raises its own rule (and the rules table is covered)', () => {
    for (const rule of [...RULES.map((r) => r.id), 'ZD000']) {
      const file = fs.readdirSync(BROKEN).find((f) => f.startsWith(rule.toLowerCase())) ?? '';
      expect([rule, file]).toEqual([rule, expect.any(String)]);
      expect(findingsOf(file, rule).length).toBeGreaterThan(0);
    }
  });
});

describe('docs/rules.md', () => {
  test('is the registry rendered (run npx projen docs:rules after changing a rule)', () => {
    expect(fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'rules.md'), 'utf8')).toBe(renderRulesDoc());
  });
});
