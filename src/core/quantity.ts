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

const DECIMAL_SUFFIXES: { [exponent: number]: string } = { [-9]: 'n', [-6]: 'u', [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };
const DECIMAL_EXPONENTS: { [suffix: string]: number } = { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

/**
 * Whether the API machinery keeps a quantity's text as written (ParseQuantity's fast path,
 * which reuses a string it deems canonical): a decimal one whose digits fit an int64, at a
 * scale of a power of 1000 from nano up, not ending in 000 and not starting with 0 (`1500m`,
 * `1.001G`); a binary one of whole units whose number is not a multiple of 8 (`100Mi`).
 */
function keptAsWritten(num: string, denom: string, suffix: string): boolean {
  if (BINARY[suffix] !== undefined) {
    const exponent = Math.log2(BINARY[suffix]);
    const precision = 15 - num.length - Math.trunc((exponent * 3) / 10) - 1;
    return denom === '' && precision >= 0 && BigInt(num) % 8n !== 0n;
  }
  const exponent = DECIMAL_EXPONENTS[suffix] ?? (suffix === '' ? 0 : parseInt(suffix.slice(1), 10));
  const digits = num + denom;
  const scale = exponent - denom.length;
  return digits.length <= 18 && scale >= -9 && scale % 3 === 0 && !digits.endsWith('000') && !digits.startsWith('0');
}

/**
 * A quantity as the API machinery writes it back once (`Quantity.String()` of the parsed
 * text): `1000m` is `1`, `2000` is `2k`, `1024Mi` is `1Gi`, `1.5Gi` is `1536Mi`, and a text it
 * keeps as written stays (`1500m`, `100Mi`). Otherwise a decimal value takes the largest
 * suffix of a power of 1000 that keeps its mantissa whole (down to `n`, rounding up below it);
 * a binary one (Ki..Ei) of at least 1Ki that is a whole number takes the largest power of 1024
 * that keeps it whole, and no suffix when 1024 does not divide it; an exponent (`1e3`) keeps
 * the exponent notation. Undefined when the text is not a quantity. For values within the
 * int64 range the API server keeps (quantityProblem refuses larger ones).
 */
export function writtenBackOnce(text: string): string | undefined {
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  const suffix = match[3] ?? '';
  const negative = text.startsWith('-');
  const unsigned = text.slice(/^[+-]/.test(text) ? 1 : 0, text.length - suffix.length);
  const [whole, fraction = ''] = unsigned.split('.');
  if (keptAsWritten(whole.replace(/^0+/, '') || '0', fraction, suffix)) return text;
  // value = mantissa * 10^scale, exactly.
  let mantissa = BigInt(`${whole}${fraction}` || '0');
  let scale = -fraction.length;
  const binary = BINARY[suffix] !== undefined;
  if (binary) mantissa *= BigInt(BINARY[suffix]);
  else if (DECIMAL_EXPONENTS[suffix] !== undefined) scale += DECIMAL_EXPONENTS[suffix];
  else if (suffix !== '') scale += parseInt(suffix.slice(1), 10);
  if (mantissa === 0n) return '0';
  while (mantissa % 10n === 0n) { mantissa /= 10n; scale += 1; }
  const sign = negative ? '-' : '';

  if (binary && scale >= 0) {
    let bytes = mantissa * 10n ** BigInt(scale);
    if (bytes >= 1024n) {
      let power = 0;
      while (power < BINARY_SUFFIXES.length - 1 && bytes % 1024n === 0n) { bytes /= 1024n; power += 1; }
      return `${sign}${bytes}${BINARY_SUFFIXES[power]}`;
    }
  }
  if (scale < -9) {
    // Below a nano-unit: rounded up to whole nano-units, as the API server rounds.
    const divisor = 10n ** BigInt(-9 - scale);
    mantissa = (mantissa + divisor - 1n) / divisor;
    scale = -9;
    while (mantissa % 10n === 0n) { mantissa /= 10n; scale += 1; }
  }
  if (/^[eE]/.test(suffix)) {
    const exponent = Math.floor(scale / 3) * 3;
    const digits = mantissa * 10n ** BigInt(scale - exponent);
    return exponent === 0 ? `${sign}${digits}` : `${sign}${digits}e${exponent}`;
  }
  const exponent = Math.min(18, Math.floor(scale / 3) * 3);
  return `${sign}${mantissa * 10n ** BigInt(scale - exponent)}${DECIMAL_SUFFIXES[exponent]}`;
}

/**
 * A quantity in the form a controller that reads a custom resource into its Go types and
 * writes it back (Argo Rollouts) leaves unchanged: written back until it no longer changes.
 * One pass is not always enough: `849531.25Ki` is written back as `869920000`, a decimal
 * quantity, and that as `869920k`. Manifests in this form stay the manager of their own fields.
 * Undefined when the text is not a quantity.
 */
export function canonicalQuantity(text: string): string | undefined {
  let current = writtenBackOnce(text);
  for (let pass = 0; current !== undefined && pass < 3; pass++) {
    const next = writtenBackOnce(current);
    if (next === current) return current;
    current = next;
  }
  return current;
}
