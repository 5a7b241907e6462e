import * as fc from 'fast-check';
import fixture from './quantity-canonical.json';
import { canonicalQuantity, quantityValue } from '../../src/core/quantity';

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

  test(`agrees with ${fixture.source} on ${fixture.pairs.length} quantities`, () => {
    const disagreements = fixture.pairs.filter(([text, canonical]) => canonicalQuantity(text) !== canonical)
      .map(([text, canonical]) => `${text}: apimachinery ${canonical}, here ${canonicalQuantity(text)}`);
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

  test('is a fixed point: the canonical form of a canonical form is itself', () => {
    fc.assert(fc.property(quantity, (text) => {
      const canonical = canonicalQuantity(text)!;
      expect(canonicalQuantity(canonical)).toBe(canonical);
    }));
  });
});
