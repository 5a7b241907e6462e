import * as fc from 'fast-check';
import { CanaryState, Colour, ReleasePhase, ReleaseState } from '../../src';

const A = 'ghcr.io/acme/api:1.0.0-aaaaaaa';
const B = 'ghcr.io/acme/api:1.1.0-bbbbbbb';
const C = 'ghcr.io/acme/api:1.2.0-ccccccc';
const stable = () => ReleaseState.parse('release/production.json', JSON.stringify({ activeColour: 'blue', phase: 'stable', images: { blue: A } }));

describe('ReleaseState', () => {
  test('stage -> promote -> finalize', () => {
    const staged = stable().stage(B);
    expect([staged.phase, staged.activeColour, staged.imageOf(Colour.GREEN), staged.version]).toEqual([ReleasePhase.STAGED, Colour.BLUE, B, '1.1.0-bbbbbbb']);
    expect([staged.isRunning(Colour.BLUE), staged.isRunning(Colour.GREEN)]).toEqual([true, true]);
    const promoted = staged.promote();
    expect([promoted.phase, promoted.activeColour, promoted.idleColour]).toEqual([ReleasePhase.PROMOTED, Colour.GREEN, Colour.BLUE]);
    const final = promoted.finalize();
    expect([final.phase, final.activeColour, final.isRunning(Colour.BLUE)]).toEqual([ReleasePhase.STABLE, Colour.GREEN, false]);
  });

  test('rollback is one selector change back; abort drops a staged colour', () => {
    const rolledBack = stable().stage(B).promote().rollback();
    expect([rolledBack.phase, rolledBack.activeColour, rolledBack.newestColour, rolledBack.version]).toEqual([ReleasePhase.STAGED, Colour.BLUE, Colour.GREEN, '1.1.0-bbbbbbb']);
    const aborted = rolledBack.abort();
    expect([aborted.phase, aborted.newestColour, aborted.version]).toEqual([ReleasePhase.STABLE, Colour.BLUE, '1.0.0-aaaaaaa']);
  });

  test('restaging replaces the staged image', () => {
    expect(stable().stage(B).stage(C).imageOf(Colour.GREEN)).toBe(C);
  });

  test('the file round-trips, keys in a fixed order', () => {
    const state = stable().stage(B, 'v1.1');
    expect(state.toJson()).toBe(`{
  "activeColour": "blue",
  "phase": "staged",
  "images": {
    "blue": "${A}",
    "green": "${B}"
  },
  "version": "v1.1"
}
`);
    expect(ReleaseState.parse('f', state.toJson()).toJson()).toBe(state.toJson());
  });

  test.each([
    [() => stable().promote(), 'release/production.json: cannot promote: phase is stable, promote needs staged; stage an image first (cdk8s-zd stage --image <ref>)'],
    [() => stable().finalize(), 'release/production.json: cannot finalize: phase is stable, finalize needs promoted; promote the staged colour first; finalizing scales the other colour to 0'],
    [() => stable().rollback(), 'release/production.json: cannot rollback: phase is stable, rollback needs promoted; only a promoted release can roll back; abort a staged one instead'],
    [() => stable().abort(), 'release/production.json: cannot abort: phase is stable, abort needs staged; only a staged release can be aborted; roll back a promoted one'],
    [() => stable().stage(B).promote().stage(C), 'release/production.json: cannot stage: phase is promoted, stage needs stable or staged; promote, then finalize or roll back, before staging another image'],
    [() => stable().stage(A), `release/production.json: cannot stage: the active colour blue already runs ${A}; build and stage a new image`],
  ])('invalid transition %#', (action, message) => {
    expect(action).toThrow(message);
  });

  test.each([
    ['{', /^f: not valid JSON \(.+\); fix the file or restore it from git$/],
    ['[]', 'f: \'(root)\' ([]) must be a JSON object; fix the field or restore the file from git'],
    ['{"activeColor":"blue","phase":"stable","images":{"blue":"a:1"}}', 'f: \'activeColor\' ("blue") is now spelt \'activeColour\'; rename the key; fix the field or restore the file from git'],
    ['{"activeColour":"red","phase":"stable","images":{"blue":"a:1"}}', 'f: \'activeColour\' ("red") must be "blue" or "green"; fix the field or restore the file from git'],
    ['{"activeColour":"blue","phase":"live","images":{"blue":"a:1"}}', 'f: \'phase\' ("live") must be "stable", "staged" or "promoted"; fix the field or restore the file from git'],
    ['{"activeColour":"blue","phase":"stable","images":{"green":"a:1"}}', 'f: \'images.blue\' (undefined) must be set: it is the image the active colour runs; fix the field or restore the file from git'],
    ['{"activeColour":"blue","phase":"stable","images":{"blue":"a:1","purple":"b:1"}}', 'f: \'images.purple\' ("b:1") is not a colour (blue, green); fix the field or restore the file from git'],
    ['{"activeColour":"blue","phase":"stable","images":{"blue":"a b"}}', 'f: \'images.blue\' ("a b") must be a valid image reference'],
    ['{"activeColour":"blue","phase":"stable","images":{"blue":"a:1"},"warmReplicas":0}', 'f: \'warmReplicas\' (0) must be a whole number of at least 1; fix the field or restore the file from git'],
    ['{"activeColour":"blue","phase":"stable","images":{"blue":"a:1"},"colour":"x"}', 'f: \'colour\' ("x") is not a release field (activeColour, phase, images, version, warmReplicas); fix the field or restore the file from git'],
    ['{"activeColour":"blue","phase":"staged","images":{"blue":"a:1","green":"a:1"}}', "f: ZD006 'images' (blue and green both a:1) must differ in phase staged: a second colour running the same image tests nothing; stage a new image with cdk8s-zd stage --image <ref>"],
  ])('malformed file %#', (text, message) => {
    expect(() => ReleaseState.parse('f', text)).toThrow(message);
  });

  test('property: any sequence of commands keeps the invariants or refuses without changing the state', () => {
    const images = [A, B, C];
    const command = fc.oneof(
      fc.record({ kind: fc.constant('stage'), image: fc.constantFrom(...images) }),
      fc.constantFrom({ kind: 'promote' }, { kind: 'rollback' }, { kind: 'finalize' }, { kind: 'abort' }),
    );
    fc.assert(fc.property(fc.array(command, { maxLength: 12 }), (commands) => {
      let state = stable();
      for (const c of commands) {
        const before = state.toJson();
        try {
          state = c.kind === 'stage' ? state.stage((c as { image: string }).image)
            : c.kind === 'promote' ? state.promote() : c.kind === 'rollback' ? state.rollback() : c.kind === 'finalize' ? state.finalize() : state.abort();
        } catch {
          expect(state.toJson()).toBe(before);
        }
        // The active colour always runs; two running colours never run the same image.
        expect(state.isRunning(state.activeColour)).toBe(true);
        if (state.phase !== ReleasePhase.STABLE) expect(state.imageOf(Colour.BLUE)).not.toBe(state.imageOf(Colour.GREEN));
        expect(ReleaseState.parse('f', state.toJson()).toJson()).toBe(state.toJson());
      }
    }));
  });
});

describe('canary release files refuse values that only look like numbers', () => {
  test('"weight": null is not 0 %', () => {
    expect(() => CanaryState.parse('release/production.json', '{ "strategy": "canary", "stable": "api:1.0.0-abcdef1", "weight": null }'))
      .toThrow("release/production.json: 'weight' (null) must be a whole percentage from 0 to 100 (null is not 0); fix the field or restore the file from git");
  });
});
