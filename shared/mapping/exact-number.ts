import { parse, stringify } from 'lossless-json';

/**
 * How a source number travels from the decoder to the mapper without losing a digit.
 *
 * The contract, for every decoder (CSV, JSON lines, DynamoDB JSON, Parquet, ...):
 * - A number whose text must be kept is an `ExactNumber` holding its source text, e.g.
 *   `12345678901234567891`, `0.123456789012345678`, `1.5E+300`. The mapper checks it
 *   against DynamoDB's number rules (`checkDynamoNumber`) and writes that text, so it is
 *   stored exactly or rejected with the reason; it is never rounded.
 * - A plain JS `number` is allowed only when `String(n)` is exactly the value the source
 *   meant (small integers, doubles the source really held). Anything wider than a double
 *   (int64, decimal(38,s), long JSON numbers) must be an ExactNumber.
 * - CSV cells stay text; a text cell becomes N only through the column's pinned type.
 *
 * It is a class (not a string) so "123" the string and 123 the number stay apart.
 */
export class ExactNumber {
  /** The number as its source wrote it (JSON number syntax or DynamoDB's). */
  readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  /** The source text, so templates and string building print the number as written. */
  toString(): string {
    return this.text;
  }
}

/** True for an `ExactNumber`. */
export function isExactNumber(value: unknown): value is ExactNumber {
  return value instanceof ExactNumber;
}

/** The decimal text of a record's number (an ExactNumber's source text, or a JS number's). */
export function numberText(value: number | bigint | ExactNumber): string {
  return typeof value === 'object' ? value.text : String(value);
}

/**
 * A JSON number token that a double may not hold exactly: 16 or more digits (or a long
 * run of digits and a point) or an exponent. Found only where a JSON value can start
 * (after `:`, `[` or `,`), so ids and times inside strings rarely trip it; a false match
 * only costs the slower exact parse.
 */
const WIDE_NUMBER = /[:[,]\s*-?\d(?:[\d.]{15}|[\d.]*[eE])/;
/** A JSON text that is a number itself (anchored: a record's `{` fails it at once). */
const BARE_NUMBER = /^\s*-?\d/;

const exactParseOptions = {
  parseNumber: (text: string) => new ExactNumber(text),
  // JSON.parse keeps the last of two equal keys; so does the exact path.
  onDuplicateKey: ({ newValue }: { newValue: unknown }) => newValue,
};

/**
 * Parses one JSON text with every number kept exact. Lines whose numbers a double holds
 * exactly (at most 15 digits, no exponent) take the native `JSON.parse` and keep plain
 * numbers; lines with a wider number take lossless-json and get `ExactNumber`s. Throws a
 * SyntaxError for text that is not JSON, as `JSON.parse` does.
 */
export function parseJsonExact(text: string): unknown {
  if (!WIDE_NUMBER.test(text) && !BARE_NUMBER.test(text)) return JSON.parse(text);
  return parse(text, null, exactParseOptions);
}

const exactStringifiers = [{ test: isExactNumber, stringify: (value: unknown) => (value as ExactNumber).text }];

/** JSON text of a value that may hold `ExactNumber`s (printed as the numbers they are). */
export function stringifyExact(value: unknown): string {
  return stringify(value, null, undefined, exactStringifiers) ?? 'null';
}
