/**
 * Resource quantities as the API server reads them (k8s.io/apimachinery resource.Quantity): a
 * signed decimal number, then a binary suffix (Ki..Ei), a decimal suffix (n, u, m, k, M..E) or
 * a decimal exponent. The value must also fit the int64 the API server keeps it in.
 */
const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

const BINARY: { [suffix: string]: number } = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: { [suffix: string]: number } = { n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** The largest quantity an int64 holds: 2^63-1 units (8 EiB of memory). */
const MAX_UNITS = 2 ** 63 - 1;

/** The value of a quantity in units (cores, bytes), or undefined when it does not parse. */
export function quantityValue(text: string): number | undefined {
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  const suffix = match[3] ?? '';
  const number = parseFloat(text.slice(0, text.length - suffix.length));
  if (suffix === '') return number;
  if (BINARY[suffix]) return number * BINARY[suffix];
  if (DECIMAL[suffix]) return number * DECIMAL[suffix];
  return number * 10 ** parseInt(suffix.slice(1), 10);
}

/** What a quantity must be when it is not one the API server accepts. */
export function quantityProblem(text: string): string | undefined {
  const value = quantityValue(text);
  if (value === undefined) return 'must be a Kubernetes quantity: a number with an optional suffix (100m, 512Mi, 2Gi, 1.5)';
  if (value < 0) return 'must not be negative';
  if (value > MAX_UNITS) return `must be at most 2^63-1 units (8Ei); it is ${value.toExponential(2)}`;
  return undefined;
}
