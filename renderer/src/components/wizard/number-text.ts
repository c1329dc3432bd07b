import { significantDigits } from '../../../../shared/capacity/item-size';

const NUMBER_SHAPE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Why a text is not a DynamoDB number (shape, more than 38 significant digits, outside
 * 1E-130..9.9E+125), or null when it is one. The engine applies the same rules.
 */
export function numberProblem(text: string): string | null {
  const t = text.trim();
  if (!NUMBER_SHAPE.test(t)) return `"${clip(t)}" is not a number`;
  if (significantDigits(t) > 38) return `"${clip(t)}" has more than 38 significant digits`;
  const n = Math.abs(Number(t));
  if (n !== 0 && (n >= 1e126 || n < 1e-130)) return `"${clip(t)}" is outside DynamoDB's number range`;
  return null;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
