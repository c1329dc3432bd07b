/**
 * Number formatting shared by the CLI, the wizard and the report, so the same estimate
 * reads the same everywhere. Always en-US: the figures are USD and must not change
 * with the operator's locale between a screenshot and a report.
 */

const dollars = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const cents = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 4 });
const unitPrice = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 7 });

/**
 * Dollars for a cost: two decimals from $1 up, up to four below $1 so that a
 * sub-cent job does not read as free.
 */
export function formatUsd(amountUsd: number): string {
  const sign = amountUsd < 0 ? '-' : '';
  const magnitude = Math.abs(amountUsd);
  return `${sign}$${(magnitude >= 1 ? dollars : cents).format(magnitude)}`;
}

/** Dollars for a unit price such as $0.00065 per WCU-hour, kept to full precision. */
export function formatUnitPriceUsd(priceUsd: number): string {
  return `$${unitPrice.format(priceUsd)}`;
}

/** A count or quantity with thousands separators and at most `maxDecimals` decimals. */
export function formatQuantity(value: number, maxDecimals = 2): string {
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: maxDecimals }).format(value);
}
