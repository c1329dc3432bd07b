import { dataValue } from '../report/reject-reasons';

/**
 * DynamoDB's number rules, checked before sending: at most 38 significant digits and a
 * magnitude between 1E-130 and 9.99...E+125 (or zero), per "Supported data types and
 * naming rules" (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html).
 * A bad number would otherwise fail a whole BatchWriteItem with a ValidationException.
 */

const NUMBER_SHAPE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const MAX_SIGNIFICANT_DIGITS = 38;
const MIN_EXPONENT = -130;
const MAX_EXPONENT = 125;

/** A checked number: its canonical text (same for "1.0", "01" and "1E0"), or why it is not one. */
export type NumberCheck = { ok: true; text: string } | { ok: false; reason: string };

/**
 * Checks a number's text and returns it in one canonical form, so that two ways of
 * writing the same key are seen as the same key (DynamoDB sees them so, and rejects a
 * batch holding both).
 */
export function checkDynamoNumber(input: string): NumberCheck {
  const text = input.trim();
  const match = NUMBER_SHAPE.exec(text);
  if (!match || (!match[2] && !match[3])) return { ok: false, reason: `"${dataValue(clip(input))}" is not a number` };
  const negative = match[1] === '-';
  const integer = match[2] ?? '';
  const fraction = match[3] ?? '';
  const exponent = match[4] ? Number(match[4]) : 0;
  let digits = integer + fraction;
  let point = integer.length + exponent; // value = 0.DIGITS x 10^point
  let lead = 0;
  while (lead < digits.length && digits.charCodeAt(lead) === 48) lead++;
  if (lead === digits.length) return { ok: true, text: '0' };
  point -= lead;
  let end = digits.length;
  while (digits.charCodeAt(end - 1) === 48) end--;
  digits = digits.slice(lead, end);
  if (digits.length > MAX_SIGNIFICANT_DIGITS) {
    return { ok: false, reason: `"${dataValue(clip(input))}" has ${dataValue(digits.length)} significant digits; DynamoDB keeps at most ${MAX_SIGNIFICANT_DIGITS}` };
  }
  const scientific = point - 1;
  if (scientific < MIN_EXPONENT || scientific > MAX_EXPONENT) {
    return { ok: false, reason: `"${dataValue(clip(input))}" is outside DynamoDB's number range (1E-130 to 9.9E+125 in size)` };
  }
  const sign = negative ? '-' : '';
  if (point >= digits.length && point <= 40) return { ok: true, text: sign + digits + '0'.repeat(point - digits.length) };
  if (point > 0 && point < digits.length) return { ok: true, text: `${sign}${digits.slice(0, point)}.${digits.slice(point)}` };
  if (point <= 0 && point > -10) return { ok: true, text: `${sign}0.${'0'.repeat(-point)}${digits}` };
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return { ok: true, text: `${sign}${mantissa}E${scientific}` };
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
