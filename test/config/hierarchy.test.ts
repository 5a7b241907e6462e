import * as fc from 'fast-check';
import { buildTree, checkHierarchy, flattenKey } from '../../src/config/hierarchy';

describe('hierarchy', () => {
  test('flattens double underscores and builds the tree of hierarchical keys', () => {
    expect(flattenKey('PROXY__TIMEOUT__READ')).toBe('PROXY_TIMEOUT_READ');
    expect(buildTree([
      { key: 'PROXY__TIMEOUT__READ', value: '10' },
      { key: 'PROXY__TIMEOUT__CONNECT', value: '5' },
      { key: 'PROXY__RETRY', value: '2' },
      { key: 'PLAIN_KEY', value: 'not in the tree' },
    ])).toEqual({ proxy: { retry: '2', timeout: { connect: '5', read: '10' } } });
  });

  test('a key that is both a leaf and a branch names both sources', () => {
    expect(() => checkHierarchy([{ key: 'A', source: 'env/.env:1' }, { key: 'A__B', source: 'env/.env.production:4' }]))
      .toThrow('A (env/.env:1) is a value, but A__B (env/.env.production:4) makes it a branch; rename one of them');
  });

  test('two keys that flatten to one name', () => {
    expect(() => checkHierarchy([{ key: 'A_B', source: 'env/.env:1' }, { key: 'A__B', source: 'overrides' }]))
      .toThrow('A__B (overrides) and A_B (env/.env:1) both become A_B; rename one of them');
  });

  test('an empty level', () => {
    expect(() => checkHierarchy([{ key: 'A____B', source: 'env/.env:3' }]))
      .toThrow('env/.env:3: A____B has an empty level; separate levels with exactly two underscores (PROXY__TIMEOUT__READ)');
  });

  test('property: flatten and tree agree', () => {
    const segment = fc.stringMatching(/^[A-Z][A-Z0-9]{0,5}$/);
    const key = fc.array(segment, { minLength: 2, maxLength: 4 }).map((s) => s.join('__'));
    fc.assert(fc.property(fc.uniqueArray(fc.tuple(key, fc.string({ maxLength: 5 })), { selector: ([k]) => k, maxLength: 12 }), (pairs) => {
      const entries = pairs.map(([k]) => ({ key: k, source: 'p' }));
      let conflict = false;
      try {
        checkHierarchy(entries);
      } catch {
        conflict = true;
      }
      // A conflict exists exactly when one key is a prefix path of another.
      const paths = pairs.map(([k]) => k.split('__'));
      const expectConflict = paths.some((a) => paths.some((b) => a !== b && a.length < b.length && a.every((s, i) => s === b[i])));
      expect(conflict).toBe(expectConflict);
      if (conflict) return;
      const tree = buildTree(pairs.map(([k, value]) => ({ key: k, value })));
      for (const [k, value] of pairs) {
        const leaf = k.toLowerCase().split('__').reduce<unknown>((node, s) => (node as Record<string, unknown>)[s], tree);
        expect(leaf).toBe(value);
        expect(flattenKey(k)).toBe(k.split('__').join('_'));
      }
    }));
  });
});
