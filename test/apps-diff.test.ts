/*
 * `cdk8s-zd diff` on the reference releases: each step the README tells a user to take, one
 * change at a time, has no error finding; the same steps squashed into one change are flagged.
 */
import { FindingSeverity } from '../src';
import { REFERENCE_RELEASES, rehearse, StepManifests } from './support/release-steps';
import { diffManifests } from '../src/policy/diff/diff-engine';

function errors(base: StepManifests, head: StepManifests, environment = 'production'): string[] {
  return diffManifests(base, head, { environment }).findings
    .filter((f) => f.severity === FindingSeverity.ERROR && f.suppressed === undefined)
    .map((f) => `${f.rule} ${f.message}`);
}

describe.each(REFERENCE_RELEASES.map((r) => [r.title, r]))('%s', (_title, release) => {
  const states = rehearse(release);
  test.each(states.slice(1).map(([name], i) => [states[i][0], name, i]))('%s -> %s: no error', (_from, _to, i) => {
    expect(errors(states[i as number][1], states[(i as number) + 1][1], release.environment)).toEqual([]);
  });
});

describe('meetinity-gateway production, steps squashed', () => {
  const steps = rehearse(REFERENCE_RELEASES[0]);

  test('stage and promote squashed into one change: flagged (the new colour cannot be ready when the selector moves)', () => {
    expect(errors(steps[0][1], steps[2][1])).toEqual([expect.stringMatching(/^ZD103 Service\/meetinity-api-gateway spec\.selector \(Deployment\/meetinity-api-gateway-blue \(\d+\) -> Deployment\/meetinity-api-gateway-green/)]);
  });

  test('promote and finalize squashed: flagged (the colour it leaves stops at once)', () => {
    expect(errors(steps[3][1], steps[5][1])).toEqual([expect.stringMatching(/^ZD104 Service\/meetinity-api-gateway spec\.selector \(moves to Deployment\/meetinity-api-gateway-green and stops Deployment\/meetinity-api-gateway-blue/)]);
  });
});

