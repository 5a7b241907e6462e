import * as fc from 'fast-check';
import fixture from './quantity-canonical.json';
import { canonicalQuantity, quantityValue, writtenBackOnce } from '../../src/core/quantity';

describe('canonicalQuantity: the form the API machinery writes a quantity back in', () => {
  test.each([
    ['1000m', '1'],
    ['2000m', '2'],
    ['1500m', '1500m'],
    ['2000', '2k'],
    ['1024Mi', '1Gi'],
    ['1.5Gi', '1536Mi'],
    ['100Mi', '100Mi'],
    ['0.5', '500m'],
    ['0', '0'],
  ])('%s -> %s', (text, canonical) => {
    expect(canonicalQuantity(text)).toBe(canonical);
  });

  test(`written back once, agrees with ${fixture.source} on ${fixture.pairs.length} quantities`, () => {
    const disagreements = fixture.pairs.filter(([text, written]) => writtenBackOnce(text) !== written)
      .map(([text, written]) => `${text}: apimachinery ${written}, here ${writtenBackOnce(text)}`);
    expect(disagreements).toEqual([]);
  });

  test('is not a quantity: undefined', () => {
    expect(canonicalQuantity('512 Mi')).toBeUndefined();
    expect(canonicalQuantity('one')).toBeUndefined();
  });

  const quantity = fc.tuple(
    fc.integer({ min: 0, max: 999_999 }),
    fc.constantFrom('', '.5', '.25', '.125', '.001'),
    fc.constantFrom('', 'n', 'u', 'm', 'k', 'M', 'G', 'Ki', 'Mi', 'Gi', 'e3', 'e-3'),
  ).map(([n, fraction, suffix]) => `${n}${fraction}${suffix}`);

  test('keeps the value (to the nano-unit it rounds up to)', () => {
    fc.assert(fc.property(quantity, (text) => {
      const value = quantityValue(text)!;
      const canonical = quantityValue(canonicalQuantity(text)!)!;
      expect(canonical).toBeGreaterThanOrEqual(value * (1 - 1e-12));
      expect(canonical - value).toBeLessThanOrEqual(1e-9 + Math.abs(value) * 1e-12);
    }));
  });

  test('is a fixed point: written back, the canonical form stays as it is', () => {
    fc.assert(fc.property(quantity, (text) => {
      const canonical = canonicalQuantity(text)!;
      expect(writtenBackOnce(canonical)).toBe(canonical);
      expect(canonicalQuantity(canonical)).toBe(canonical);
    }), { numRuns: 2000 });
  });

  test('a binary quantity 1024 does not divide is written back as a decimal one, and that again', () => {
    expect(writtenBackOnce('849531.25Ki')).toBe('869920000');
    expect(canonicalQuantity('849531.25Ki')).toBe('869920k');
  });
});
