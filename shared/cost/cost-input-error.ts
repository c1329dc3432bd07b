/**
 * Bad input to the cost model (a negative item count, an unknown region, a malformed
 * date). Thrown rather than returned because it is a caller's mistake, not a state of
 * the world; its message is written for the operator, so faces can show it as is.
 */
export class CostInputError extends Error {
  override readonly name = 'CostInputError';
}

/** Reject a number that is not finite and at least zero, naming the field in words. */
export function requireNonNegative(value: number, what: string): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new CostInputError(`${what} must be a number of zero or more; got ${String(value)}.`);
  }
  return value;
}

/** Reject a number that is not finite and above zero, naming the field in words. */
export function requirePositive(value: number, what: string): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new CostInputError(`${what} must be a number above zero; got ${String(value)}.`);
  }
  return value;
}

/** Reject a fraction outside [min, max], naming the field in words. */
export function requireFraction(value: number, what: string, min: number, max: number): number {
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new CostInputError(
      `${what} must be a fraction between ${min} and ${max} (e.g. 0.7 for 70%); got ${String(value)}.`,
    );
  }
  return value;
}
