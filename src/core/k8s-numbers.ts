/**
 * The number ranges of Kubernetes fields, each as a function returning what a value must be
 * when it is not, or undefined when it is valid. JavaScript numbers are doubles: NaN, Infinity,
 * fractions and values past int32 all reach a manifest unless checked here.
 */

/** The largest int32, the range of most Kubernetes integer fields. */
export const INT32_MAX = 2 ** 31 - 1;

/** A whole number from `min` to `max` (int32 by default). */
export function wholeNumberProblem(value: number, min: number, max = INT32_MAX): string | undefined {
  if (!Number.isInteger(value) || value < min || value > max) {
    return max === INT32_MAX ? `must be a whole number of at least ${min}` : `must be a whole number from ${min} to ${max}`;
  }
  return undefined;
}

/** A TCP or UDP port number. */
export function portProblem(value: number): string | undefined {
  return wholeNumberProblem(value, 1, 65535);
}

/** A percentage a weight may take. */
export function percentProblem(value: number, min = 0, max = 100): string | undefined {
  return wholeNumberProblem(value, min, max);
}
