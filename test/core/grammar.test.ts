import * as fc from 'fast-check';
import { cronScheduleProblem } from '../../src/core/cron-schedule';
import {
  dataKeyProblem, dns1035LabelProblem, dns1123LabelProblem, dns1123SubdomainProblem, envVarNameProblem, hostnameProblem, labelValueProblem,
  portNameProblem, qualifiedNameProblem,
} from '../../src/core/k8s-names';
import { INT32_MAX, portProblem, wholeNumberProblem } from '../../src/core/k8s-numbers';
import { quantityProblem, quantityValue } from '../../src/core/quantity';
import { timeZoneProblem } from '../../src/core/time-zone';

// Generators of valid values, built from the grammar's parts (not from the validators' regexps).
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const char = (alphabet: string) => fc.constantFrom(...alphabet.split(''));
const word = (first: string, middle: string, last: string, maxMiddle: number) =>
  fc.tuple(char(first), fc.array(char(middle), { maxLength: maxMiddle }), char(last)).map(([a, m, z]) => a + m.join('') + z);
const dns1123Label = fc.oneof(char(LOWER + DIGITS), word(LOWER + DIGITS, LOWER + DIGITS + '-', LOWER + DIGITS, 61));
const dns1035Label = fc.oneof(char(LOWER), word(LOWER, LOWER + DIGITS + '-', LOWER + DIGITS, 61));

describe('Kubernetes name grammars', () => {
  test('property: every DNS-1123 label is accepted, and so is it as a subdomain part', () => {
    fc.assert(fc.property(dns1123Label, fc.array(dns1123Label, { maxLength: 3 }), (label, more) => {
      expect(dns1123LabelProblem(label)).toBeUndefined();
      expect(dns1123SubdomainProblem([label, ...more].join('.').slice(0, 253).replace(/[.-]+$/, '') || 'a')).toBeUndefined();
    }));
  });

  test('property: a label with an upper-case letter, an underscore, a leading or trailing dash, or over 63 characters is refused', () => {
    fc.assert(fc.property(dns1123Label, fc.constantFrom('A', '_', '.', ' '), (label, bad) => {
      expect(dns1123LabelProblem(label + bad + 'x')).toBeDefined();
      expect(dns1123LabelProblem(`-${label}`)).toBeDefined();
      expect(dns1123LabelProblem(`${label}-`)).toBeDefined();
      expect(dns1123LabelProblem(label.padEnd(64, 'a'))).toBe('must be at most 63 characters (it has 64)');
    }));
  });

  test('property: DNS-1035 labels start with a letter', () => {
    fc.assert(fc.property(dns1035Label, char(DIGITS), (label, digit) => {
      expect(dns1035LabelProblem(label)).toBeUndefined();
      expect(dns1035LabelProblem(digit + label)).toBe("must be a DNS-1035 label: lowercase letters, digits and '-', starting with a letter and ending with a letter or digit");
    }));
  });

  test.each([
    ['app.kubernetes.io/name', undefined],
    ['track', undefined],
    ['example.com/Color_1.x', undefined],
    ['Example.com/x', "must have a prefix (before '/') that is a DNS-1123 subdomain: dot-separated lowercase labels of letters, digits and '-'"],
    ['example.com/', 'must have a name part of 1 to 63 characters'],
    ['-x', "must have a name part of letters, digits, '-', '_' and '.', starting and ending with a letter or digit"],
    ['a'.repeat(64), 'must have a name part of 1 to 63 characters'],
  ])('qualified name %j', (value, problem) => {
    expect(qualifiedNameProblem(value)).toBe(problem);
  });

  test.each([
    ['', undefined], ['v1.2.3_beta-1', undefined], ['-x', expect.stringMatching(/^must be a label value/)], ['a'.repeat(64), 'must be at most 63 characters (it has 64)'],
  ])('label value %j', (value, problem) => {
    expect(labelValueProblem(value)).toEqual(problem);
  });

  test.each([
    ['http', undefined], ['metrics-9090', undefined], ['8080', 'must contain a letter'], ['a--b', "must be lowercase letters, digits and single '-' between them"],
    ['Http', "must be lowercase letters, digits and single '-' between them"], ['a-very-long-port-name', 'must be 1 to 15 characters'],
  ])('port name %j', (value, problem) => {
    expect(portNameProblem(value)).toBe(problem);
  });

  test.each([
    ['jwt-secret', undefined], ['config.yaml', undefined], ['..', "must be letters, digits, '-', '_' and '.'"], ['a/b', "must be letters, digits, '-', '_' and '.'"], ['', 'must be 1 to 253 characters'],
  ])('data key %j', (value, problem) => {
    expect(dataKeyProblem(value)).toBe(problem);
  });

  test.each([['API_KEY', undefined], ['_x1', undefined], ['1X', expect.any(String)], ['BAD-NAME', expect.any(String)]])('environment variable name %j', (value, problem) => {
    expect(envVarNameProblem(value)).toEqual(problem);
  });

  test.each([
    ['api.example.com', undefined], ['*.example.com', undefined], ['api', 'must be a fully qualified host name such as api.example.com'],
    ['API.example.com', expect.stringMatching(/^must be a DNS-1123 subdomain/)], ['api..example.com', expect.stringMatching(/^must be a DNS-1123 subdomain/)],
  ])('host %j', (value, problem) => {
    expect(hostnameProblem(value)).toEqual(problem);
  });
});

describe('Kubernetes number ranges', () => {
  test('property: ports are the whole numbers 1 to 65535, nothing else', () => {
    fc.assert(fc.property(fc.double({ noNaN: false }), (n) => {
      expect(portProblem(n) === undefined).toBe(Number.isInteger(n) && n >= 1 && n <= 65535);
    }));
    expect(portProblem(65536)).toBe('must be a whole number from 1 to 65535');
  });

  test('property: int32 fields take whole numbers up to 2^31-1, never NaN or Infinity', () => {
    fc.assert(fc.property(fc.oneof(fc.integer(), fc.double(), fc.constantFrom(NaN, Infinity, 1e10, INT32_MAX, INT32_MAX + 1)), (n) => {
      expect(wholeNumberProblem(n, 0) === undefined).toBe(Number.isInteger(n) && n >= 0 && n <= INT32_MAX);
    }));
  });
});

describe('quantities', () => {
  test('property: a whole number with any suffix parses, and its value is the number times the suffix', () => {
    const suffixes: Array<[string, number]> = [['', 1], ['m', 1e-3], ['k', 1e3], ['M', 1e6], ['G', 1e9], ['Ki', 1024], ['Mi', 1024 ** 2], ['Gi', 1024 ** 3]];
    fc.assert(fc.property(fc.integer({ min: 0, max: 100_000 }), fc.constantFrom(...suffixes), (n, [suffix, factor]) => {
      expect(quantityProblem(`${n}${suffix}`)).toBeUndefined();
      expect(quantityValue(`${n}${suffix}`)).toBeCloseTo(n * factor);
    }));
  });

  test.each([
    ['1.024e+21Gi', 'must be a Kubernetes quantity: a number with an optional suffix (100m, 512Mi, 2Gi, 1.5)'],
    ['512 Mi', 'must be a Kubernetes quantity: a number with an optional suffix (100m, 512Mi, 2Gi, 1.5)'],
    ['-1', 'must not be negative'],
    ['16Ei', 'must be at most 2^63-1 units (8Ei); it is 1.84e+19'],
  ])('refuses %j', (value, problem) => {
    expect(quantityProblem(value)).toBe(problem);
  });
});

describe('schedules and time zones', () => {
  test.each(['Etc/UTC', 'UTC', 'Europe/Paris', 'America/New_York'])('%s is a time zone', (zone) => {
    expect(timeZoneProblem(zone)).toBeUndefined();
  });

  test.each(['Mars/Olympus', 'europe/paris', 'CEST', ''])('%j is not', (zone) => {
    expect(timeZoneProblem(zone)).toBe('must be an IANA time zone such as Etc/UTC or Europe/Paris, spelt as the database spells it');
  });

  test('cron schedules stay as they were', () => {
    expect(cronScheduleProblem('0 2 * * *')).toBeUndefined();
    expect(cronScheduleProblem('0 24 * * *')).toBe('hour 24 is outside 0-23');
  });
});
