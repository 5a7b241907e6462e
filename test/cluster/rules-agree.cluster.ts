/*
 * Part 4 of the cluster tests: the rules that say the API server refuses something agree with
 * a real API server. ZD101 (immutable fields, `cdk8s-zd diff`): applying head over base is
 * refused exactly when the rule reports an error, for every pair of
 * test/support/immutable-changes.ts. ZD019 (removed API versions): the server refuses exactly
 * the objects the rule flags in its broken manifests.
 */
import * as path from 'path';
import { useCluster } from './cluster';
import { diffManifests } from '../../src/policy/diff/diff-engine';
import { checkManifests } from '../../src/policy/engine';
import { readManifests } from '../../src/policy/manifest-reader';
import { OBJECT_CHANGES } from '../support/immutable-changes';

// The pairs' namespace, without Pod Security labels: the pairs' pods are not the point here.
const cluster = useCluster({ setup: (plane) => plane.kubectlOk(['create', 'namespace', 'shop']) });

const zd101Errors = (base: unknown, head: unknown) =>
  diffManifests([{ object: base }], [{ object: head }]).findings.filter((f) => f.rule === 'ZD101' && f.severity === 'error').map((f) => f.message);

describe('ZD101 and the API server agree', () => {
  test.each(OBJECT_CHANGES.map((c) => [c.name, c]))('%s', (_name, change) => {
    const plane = cluster.plane;
    const created = plane.apply([change.base]);
    expect({ code: created.code, stderr: created.stderr }).toEqual({ code: 0, stderr: '' });
    try {
      const updated = plane.apply([change.head]);
      const rule = zd101Errors(change.base, change.head);
      // Refused by the server exactly when the rule reports an error (and the server names the field).
      expect({ refused: updated.code !== 0, rule: rule.length > 0 }).toEqual({ refused: rule.length > 0, rule: rule.length > 0 });
      if (rule.length > 0) expect(updated.stderr).toMatch(/immutable|Forbidden|may not|cannot/i);
    } finally {
      plane.kubectl(['delete', '-f', '-', '--wait=true', '--timeout=60s', '--ignore-not-found'], JSON.stringify(change.base));
    }
  });
});

test('ZD019 and the API server agree: the server refuses exactly the removed API versions the rule flags', () => {
  const inputs = readManifests([path.join(__dirname, '..', 'policy', 'broken', 'zd019-removed-apis.yaml')]).filter((i: any) => i.object.kind !== 'Namespace');
  const flagged = new Set(checkManifests(inputs).findings.filter((f) => f.rule === 'ZD019').map((f) => `${f.resource.kind}/${f.resource.name}`));
  expect(flagged.size).toBeGreaterThan(0);
  const plane = cluster.plane;
  for (const { object } of inputs as Array<{ object: any }>) {
    const r = plane.apply([object], { dryRun: true });
    const id = `${object.kind}/${object.metadata.name}`;
    expect([id, r.code !== 0]).toEqual([id, flagged.has(id)]);
    if (flagged.has(id)) expect(r.stderr).toContain(`no matches for kind "${object.kind}" in version "${object.apiVersion}"`);
  }
});
