import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { fail } from './violation';

/**
 * A duration as the whole number of seconds Kubernetes fields take, or a violation naming the
 * prop. `positive` refuses zero too.
 */
export function wholeSeconds(scope: IConstruct | string, prop: string, duration: Duration, positive = false): number {
  let millis: number;
  try {
    millis = duration.toMilliseconds();
  } catch {
    // cdk8s refuses NaN, Infinity and fractions of a millisecond only here, without a prop.
    return fail(scope, { prop, found: 'not a finite number of milliseconds (NaN, Infinity or a fraction of a millisecond)', needed: positive ? 'must be a whole number of seconds above 0' : 'must be a whole, non-negative number of seconds', fix: 'use Duration.seconds(<whole number>)' });
  }
  if (millis < 0 || (positive && millis === 0) || millis % 1000 !== 0) {
    fail(scope, {
      prop,
      found: `${millis}ms`,
      needed: positive ? 'must be a whole number of seconds above 0' : 'must be a whole, non-negative number of seconds',
      fix: `use Duration.seconds(${Math.max(positive ? 1 : 0, Math.ceil(millis / 1000))})`,
    });
  }
  return millis / 1000;
}
