/*
 * `cdk8s-zd diff` on two sets of 5,000 objects (1,000 services: Deployment, Service, budget,
 * HPA, ConfigMap each), head changing the image of every other Deployment and the data of
 * every fifth ConfigMap: the time from YAML text to the Markdown report, and the engine alone.
 * A measurement, not a test: `npx projen bench:diff`.
 */
import { performance } from 'perf_hooks';
import { stringify } from 'yaml';
import { diffManifests } from '../src/policy/diff/diff-engine';
import { toJsonDiffReport, toMarkdownDiffReport } from '../src/policy/diff/diff-format';
import { parseManifestText } from '../src/policy/manifest-reader';

function objects(services: number, version: string, changedEvery: number): object[] {
  const out: object[] = [];
  for (let i = 0; i < services; i++) {
    const name = `svc-${i}`;
    const labels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': name };
    const image = `registry.example.com/team/${name}:${i % changedEvery === 0 ? version : '1.0.0'}-abcdef1`;
    out.push(
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${name}-config`, namespace: 'bench' }, data: { LOG_LEVEL: i % 5 === 0 ? version : 'info' } },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace: 'bench', labels },
        spec: {
          selector: { matchLabels: labels },
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
          template: {
            metadata: { labels },
            spec: {
              terminationGracePeriodSeconds: 50,
              containers: [{
                name,
                image,
                ports: [{ name: 'http', containerPort: 8080 }],
                readinessProbe: { httpGet: { path: '/ready', port: 'http' } },
                livenessProbe: { httpGet: { path: '/health', port: 'http' } },
                lifecycle: { preStop: { exec: { command: ['sleep', '15'] } } },
                envFrom: [{ configMapRef: { name: `${name}-config` } }],
                resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
              }],
            },
          },
        },
      },
      { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'bench' }, spec: { selector: labels, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } },
      { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace: 'bench' }, spec: { maxUnavailable: 1, selector: { matchLabels: labels }, unhealthyPodEvictionPolicy: 'AlwaysAllow' } },
      { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name, namespace: 'bench' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name }, minReplicas: 3, maxReplicas: 10, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }] } },
    );
  }
  return out;
}

const yamlOf = (list: object[]) => list.map((o) => stringify(o)).join('---\n');
const baseText = yamlOf(objects(1000, '1.0.0', 1));
const headText = yamlOf(objects(1000, '1.1.0', 2));

function run(): { total: number; engine: number; findings: string; changed: number } {
  const start = performance.now();
  const base = parseManifestText(baseText, 'base.yaml');
  const head = parseManifestText(headText, 'head.yaml');
  const engineStart = performance.now();
  const report = diffManifests(base, head, { environment: 'production' });
  const engine = performance.now() - engineStart;
  toJsonDiffReport(report);
  toMarkdownDiffReport(report);
  const byRule = new Map<string, number>();
  for (const f of report.findings) byRule.set(`${f.rule} ${f.severity}`, (byRule.get(`${f.rule} ${f.severity}`) ?? 0) + 1);
  return { total: performance.now() - start, engine, findings: [...byRule].map(([k, n]) => `${n} ${k}`).join(', ') || 'none', changed: report.changeSet.changed.length };
}

run(); // warm up
const rounds = Array.from({ length: 5 }, run).sort((a, b) => a.total - b.total);
const median = rounds[2];
console.log(`cdk8s-zd diff, 5,000 objects against 5,000 (${median.changed} changed), median of 5 rounds, node ${process.version}`);
console.log(`  YAML to Markdown and JSON report: ${median.total.toFixed(0)} ms (min ${rounds[0].total.toFixed(0)}, max ${rounds[4].total.toFixed(0)})`);
console.log(`  the engine alone (rules on head, change rules, summary): ${median.engine.toFixed(0)} ms`);
console.log(`  findings: ${median.findings}; target: under 2,000 ms in all`);
