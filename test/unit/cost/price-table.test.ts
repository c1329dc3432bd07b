import { describe, expect, it } from 'vitest';
import {
  builtinPriceTable,
  CostInputError,
  mergePriceTables,
  parsePriceTable,
  reservedWcuHourUsd,
  resolvePrices,
  type PriceTable,
} from '../../../shared/cost';

describe('built-in price table', () => {
  it('passes its own schema', () => {
    expect(() => parsePriceTable(builtinPriceTable)).not.toThrow();
  });

  it('us-east-1 Standard on 2024-10-31 uses the old on-demand prices: $1.25/M WRU, $0.25/M RRU', () => {
    const resolved = resolvePrices(builtinPriceTable, 'us-east-1', 'standard', '2024-10-31');
    expect(resolved.prices.onDemandWritePerMillionUsd?.usd).toBe(1.25);
    expect(resolved.prices.onDemandReadPerMillionUsd?.usd).toBe(0.25);
  });

  it('us-east-1 Standard on 2024-11-01 uses the halved prices: $0.625/M WRU, $0.125/M RRU, dated 2024-11-01', () => {
    const resolved = resolvePrices(builtinPriceTable, 'us-east-1', 'standard', '2024-11-01');
    expect(resolved.prices.onDemandWritePerMillionUsd).toMatchObject({ usd: 0.625, effectiveFrom: '2024-11-01' });
    expect(resolved.prices.onDemandReadPerMillionUsd?.usd).toBe(0.125);
  });

  it('provisioned prices did not change with the cut: $0.00065 WCU-hour, $0.00013 RCU-hour both sides of it', () => {
    for (const day of ['2024-10-31', '2025-03-01']) {
      const resolved = resolvePrices(builtinPriceTable, 'us-east-1', 'standard', day);
      expect(resolved.prices.provisionedWcuHourUsd?.usd).toBe(0.00065);
      expect(resolved.prices.provisionedRcuHourUsd?.usd).toBe(0.00013);
      expect(resolved.prices.storageGbMonthUsd?.usd).toBe(0.25);
    }
  });

  it('Standard-IA since Nov 2024: $0.78/M WRU, $0.155/M RRU, $0.00081 WCU-hour, $0.00016 RCU-hour', () => {
    const resolved = resolvePrices(builtinPriceTable, 'us-east-1', 'standard-ia', '2025-01-15');
    expect(resolved.prices.onDemandWritePerMillionUsd?.usd).toBe(0.78);
    expect(resolved.prices.onDemandReadPerMillionUsd?.usd).toBe(0.155);
    expect(resolved.prices.provisionedWcuHourUsd?.usd).toBe(0.00081);
    expect(resolved.prices.provisionedRcuHourUsd?.usd).toBe(0.00016);
  });

  it('eu-west-1 has provisioned prices ($0.000735 / $0.000147) but no on-demand price', () => {
    const resolved = resolvePrices(builtinPriceTable, 'eu-west-1', 'standard', '2025-01-15');
    expect(resolved.prices.provisionedWcuHourUsd?.usd).toBe(0.000735);
    expect(resolved.prices.provisionedRcuHourUsd?.usd).toBe(0.000147);
    expect(resolved.prices.onDemandWritePerMillionUsd).toBeUndefined();
  });

  it('a day before any recorded price resolves to no prices at all', () => {
    const resolved = resolvePrices(builtinPriceTable, 'us-east-1', 'standard', '2017-01-01');
    expect(resolved.prices).toEqual({});
  });

  it('reserved capacity, 1 year: ($150 / 8,760 h + $0.0128/h) / 100 = $0.00029923 per WCU-hour', () => {
    const resolved = resolvePrices(builtinPriceTable, 'us-east-1', 'standard', '2025-01-15');
    const oneYear = resolved.reservedWcu?.offers.find((offer) => offer.termYears === 1);
    expect(oneYear).toBeDefined();
    expect(reservedWcuHourUsd(oneYear!)).toBeCloseTo(0.00029923, 8);
  });

  it('reserved capacity, 3 years: ($180 / 26,280 h + $0.0081/h) / 100 = $0.00014949 per WCU-hour', () => {
    const resolved = resolvePrices(builtinPriceTable, 'us-east-1', 'standard', '2025-01-15');
    const threeYears = resolved.reservedWcu?.offers.find((offer) => offer.termYears === 3);
    expect(reservedWcuHourUsd(threeYears!)).toBeCloseTo(0.00014949, 8);
  });
});

describe('rejected look-ups', () => {
  it('an unknown region is rejected naming the regions that are known', () => {
    const lookUp = () => resolvePrices(builtinPriceTable, 'mars-north-1', 'standard', '2025-01-15');
    expect(lookUp).toThrow(CostInputError);
    expect(lookUp).toThrow(/No prices are known for region "mars-north-1"/);
    expect(lookUp).toThrow(/Known regions: .*eu-west-1.*us-east-1/);
  });

  it('a class the region has no prices for names the classes it has', () => {
    expect(() => resolvePrices(builtinPriceTable, 'eu-west-1', 'standard-ia', '2025-01-15')).toThrow(
      /No Standard-IA prices are known for eu-west-1; it has prices for: Standard/,
    );
  });

  it('a malformed or impossible date is rejected in words', () => {
    expect(() => resolvePrices(builtinPriceTable, 'us-east-1', 'standard', '2025-02-30')).toThrow(/YYYY-MM-DD/);
    expect(() => resolvePrices(builtinPriceTable, 'us-east-1', 'standard', '15/01/2025')).toThrow(/YYYY-MM-DD/);
  });

  it('a user table with a negative price is rejected, saying where', () => {
    const bad = {
      currency: 'USD',
      entries: [{ region: 'us-east-1', tableClass: 'standard', effectiveFrom: '2025-06-01', source: 'me', provisionedWcuHourUsd: -1 }],
    };
    expect(() => parsePriceTable(bad)).toThrow(/entries\.0\.provisionedWcuHourUsd/);
  });
});

describe('user edits over the built-in table', () => {
  const edits: PriceTable = {
    currency: 'USD',
    entries: [
      { region: 'us-east-1', tableClass: 'standard', effectiveFrom: '2025-06-01', source: 'negotiated', onDemandWritePerMillionUsd: 0.5 },
      { region: 'eu-west-1', tableClass: 'standard', effectiveFrom: '2024-11-01', source: 'my invoice', onDemandWritePerMillionUsd: 0.7063 },
    ],
  };
  const merged = mergePriceTables(builtinPriceTable, edits);

  it('a newer dated edit wins from its date on, for the one price it sets', () => {
    const after = resolvePrices(merged, 'us-east-1', 'standard', '2025-07-01');
    expect(after.prices.onDemandWritePerMillionUsd).toMatchObject({ usd: 0.5, source: 'negotiated' });
    expect(after.prices.onDemandReadPerMillionUsd?.usd).toBe(0.125);
    const before = resolvePrices(merged, 'us-east-1', 'standard', '2025-05-31');
    expect(before.prices.onDemandWritePerMillionUsd?.usd).toBe(0.625);
  });

  it('an edit can add a price the built-in table lacks (eu-west-1 on-demand)', () => {
    const resolved = resolvePrices(merged, 'eu-west-1', 'standard', '2025-01-15');
    expect(resolved.prices.onDemandWritePerMillionUsd?.usd).toBe(0.7063);
    expect(resolved.prices.provisionedWcuHourUsd?.usd).toBe(0.000735);
  });

  it('an edit on the same date replaces only the fields it sets', () => {
    const sameDate = mergePriceTables(builtinPriceTable, {
      currency: 'USD',
      entries: [{ region: 'us-east-1', tableClass: 'standard', effectiveFrom: '2024-11-01', source: 'fix', onDemandReadPerMillionUsd: 0.1 }],
    });
    const resolved = resolvePrices(sameDate, 'us-east-1', 'standard', '2025-01-15');
    expect(resolved.prices.onDemandReadPerMillionUsd).toMatchObject({ usd: 0.1, source: 'fix' });
    expect(resolved.prices.onDemandWritePerMillionUsd?.usd).toBe(0.625);
  });

  it('merging leaves the built-in table untouched', () => {
    expect(resolvePrices(builtinPriceTable, 'us-east-1', 'standard', '2025-07-01').prices.onDemandWritePerMillionUsd?.usd).toBe(0.625);
  });
});

describe('same-date edits where the built-in table has several entries that day', () => {
  it('a Standard-IA WCU-hour edit dated 2021-12-01 wins over the built-in $0.00081, and on-demand is untouched', () => {
    const merged = mergePriceTables(builtinPriceTable, {
      currency: 'USD',
      entries: [{ region: 'us-east-1', tableClass: 'standard-ia', effectiveFrom: '2021-12-01', source: 'edit', provisionedWcuHourUsd: 0.0008125 }],
    });
    const resolved = resolvePrices(merged, 'us-east-1', 'standard-ia', '2025-01-15');
    expect(resolved.prices.provisionedWcuHourUsd).toMatchObject({ usd: 0.0008125, source: 'edit' });
    expect(resolved.prices.provisionedRcuHourUsd?.usd).toBe(0.00016);
    expect(resolved.prices.onDemandWritePerMillionUsd?.usd).toBe(0.78);
  });
});
