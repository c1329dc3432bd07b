import { describe, expect, it } from 'vitest';
import {
  builtinPriceTable,
  CostInputError,
  estimateAll,
  estimateAutoscaling,
  estimateFixed,
  estimateOnDemand,
  estimateS3Import,
  resolvePrices,
  scanReadUnits,
  writeUnitsPerItem,
  type CostEstimate,
  type PricedEstimate,
} from '../../../shared/cost';

const sinceCut = resolvePrices(builtinPriceTable, 'us-east-1', 'standard', '2025-01-15');
const beforeCut = resolvePrices(builtinPriceTable, 'us-east-1', 'standard', '2024-10-31');
const ia = resolvePrices(builtinPriceTable, 'us-east-1', 'standard-ia', '2025-01-15');
const euWest1 = resolvePrices(builtinPriceTable, 'eu-west-1', 'standard', '2025-01-15');

/** 10M items of 1.5 KB (1,536 bytes): 2 WCU each, 20,000,000 WCU in all. */
const load = { items: 10_000_000, itemBytes: 1536 };
/** The same load at 2,000 WCU/s: 20,000,000 / 2,000 = 10,000 s = 2.7778 h. */
const paced = { ...load, pacing: { kind: 'rate', writeWcuPerSecond: 2000 } } as const;

function pricedOf(estimate: CostEstimate): PricedEstimate {
  if (estimate.kind !== 'priced') throw new Error(`expected a price, got: ${estimate.reason}`);
  return estimate;
}

describe('capacity units', () => {
  it('writes: 150 B -> 1, 1,024 B -> 1, 1,025 B -> 2, 1.1 KB (1,127 B) -> 2, 1.5 KB -> 2', () => {
    expect([150, 1024, 1025, 1127, 1536].map(writeUnitsPerItem)).toEqual([1, 1, 2, 2, 2]);
  });

  it('eventually consistent Scan of 10M x 500 B: ceil(5e9 / 4,096) = 1,220,704 / 2 = 610,352 RCU (~16 items per RCU)', () => {
    expect(scanReadUnits({ itemsScanned: 10_000_000, itemBytes: 500 })).toBe(610_352);
  });

  it('the same Scan in 100-item pages: ceil(50,000 / 4,096) = 13 per page x 100,000 pages / 2 = 650,000 RCU', () => {
    expect(scanReadUnits({ itemsScanned: 10_000_000, itemBytes: 500, pageItems: 100 })).toBe(650_000);
  });

  it('a partial last page is rounded on its own: 250 items in pages of 100 -> (2 x 13 + ceil(25,000/4,096) = 7) / 2 = 16.5', () => {
    expect(scanReadUnits({ itemsScanned: 250, itemBytes: 500, pageItems: 100 })).toBe(16.5);
  });
});

describe('on-demand', () => {
  it('10M items of 1.5 KB since Nov 2024: 10M x 2 WRU x $0.625/M = $12.50', () => {
    const estimate = pricedOf(estimateOnDemand(load, sinceCut));
    expect(estimate.work.writeUnits).toBe(20_000_000);
    expect(estimate.totalUsd).toBeCloseTo(12.5, 10);
    expect(estimate.arithmetic[0]).toContain('20,000,000 WRU x $0.625/M WRU = $12.50');
    expect(estimate.pricesUsed[0]).toMatchObject({ usd: 0.625, effectiveFrom: '2024-11-01' });
  });

  it('the same load priced on 2024-10-31: 20M WRU x $1.25/M = $25.00', () => {
    expect(pricedOf(estimateOnDemand(load, beforeCut)).totalUsd).toBeCloseTo(25, 10);
  });

  it('Standard-IA: 20M WRU x $0.78/M = $15.60', () => {
    expect(pricedOf(estimateOnDemand(load, ia)).totalUsd).toBeCloseTo(15.6, 10);
  });

  it('GSI writes: 1M items of 800 B + 1 GSI WCU = 2 WRU each, 2M WRU x $0.625/M = $1.25', () => {
    const estimate = pricedOf(estimateOnDemand({ items: 1_000_000, itemBytes: 800, gsiWcuPerItem: 1 }, sinceCut));
    expect(estimate.work.wcuPerItem).toBe(2);
    expect(estimate.totalUsd).toBeCloseTo(1.25, 10);
  });

  it('backfill of 10M items of 500 B: writes 10M x 1 WRU x $0.625/M = $6.25, reads 610,352 RRU x $0.125/M = $0.0763', () => {
    const estimate = pricedOf(
      estimateOnDemand({ items: 10_000_000, itemBytes: 500, scan: { itemsScanned: 10_000_000, itemBytes: 500 } }, sinceCut),
    );
    expect(estimate.writeUsd).toBeCloseTo(6.25, 10);
    expect(estimate.readUsd).toBeCloseTo(0.076294, 6);
    expect(estimate.totalUsd).toBeCloseTo(6.326294, 6);
  });

  it('eu-west-1 has no built-in on-demand price: unavailable, saying which price and where', () => {
    const estimate = estimateOnDemand(load, euWest1);
    expect(estimate.kind).toBe('unavailable');
    expect(estimate.kind === 'unavailable' && estimate.reason).toMatch(/No on-demand write price is known for eu-west-1/);
  });

  it('notes a rate above the default 40,000 WRU/s table quota', () => {
    const estimate = pricedOf(estimateOnDemand({ ...load, pacing: { kind: 'rate', writeWcuPerSecond: 50_000 } }, sinceCut));
    expect(estimate.notes.join(' ')).toMatch(/40,000 WRU\/s/);
  });
});

describe('provisioned with auto scaling', () => {
  it('at 70%, 2,000 WCU/s: 2,000 / 0.7 = 2,857.14 WCU x 2.7778 h x $0.00065 = $5.1587', () => {
    const estimate = pricedOf(estimateAutoscaling(paced, sinceCut, { targetUtilization: 0.7 }));
    expect(estimate.timing?.hours).toBeCloseTo(2.777778, 6);
    expect(estimate.capacity?.writeWcu).toBeCloseTo(2857.142857, 5);
    expect(estimate.totalUsd).toBeCloseTo(5.158730, 6);
  });

  it('the pace does not change the bill: over 10 h it is still 20M / 3,600 / 0.7 x $0.00065 = $5.1587', () => {
    const estimate = pricedOf(estimateAutoscaling({ ...load, pacing: { kind: 'duration', hours: 10 } }, sinceCut, { targetUtilization: 0.7 }));
    expect(estimate.timing?.writeWcuPerSecond).toBeCloseTo(555.5556, 4);
    expect(estimate.totalUsd).toBeCloseTo(5.158730, 6);
  });

  it('eu-west-1: 20M / 3,600 / 0.7 = 7,936.51 WCU-hours x $0.000735 = $5.8333', () => {
    expect(pricedOf(estimateAutoscaling(paced, euWest1, { targetUtilization: 0.7 })).totalUsd).toBeCloseTo(5.833333, 6);
  });

  it('15 min scale-down lag adds 2,857.14 WCU x 0.25 h x $0.00065 = $0.4643', () => {
    const estimate = pricedOf(estimateAutoscaling(paced, sinceCut, { targetUtilization: 0.7, scaleDownLagHours: 0.25 }));
    expect(estimate.totalUsd).toBeCloseTo(5.158730 + 0.464286, 5);
  });

  it('backfill over 10 h: writes 277.78 WCU/s / 0.7 x 10 h x $0.00065 = $2.5794; reads 16.954 RCU/s / 0.7 x 10 h x $0.00013 = $0.0315', () => {
    const estimate = pricedOf(
      estimateAutoscaling(
        { items: 10_000_000, itemBytes: 500, scan: { itemsScanned: 10_000_000, itemBytes: 500 }, pacing: { kind: 'duration', hours: 10 } },
        sinceCut,
        { targetUtilization: 0.7 },
      ),
    );
    expect(estimate.writeUsd).toBeCloseTo(2.579365, 6);
    expect(estimate.readUsd).toBeCloseTo(0.0314864, 6);
  });

  it('without a rate or duration it is unavailable, asking for one', () => {
    const estimate = estimateAutoscaling(load, sinceCut, { targetUtilization: 0.7 });
    expect(estimate.kind === 'unavailable' && estimate.reason).toMatch(/rate \(WCU\/s\) or a duration/);
  });

  it('a target typed as a percentage (70) is rejected in words', () => {
    expect(() => estimateAutoscaling(paced, sinceCut, { targetUtilization: 70 })).toThrow(/0\.7 for 70%/);
  });
});

describe('fixed provisioned, technique 3', () => {
  it('baseline 1,000 WCU at 70% (700 organic) + 2,000 job: 2,700 / 0.95 = 2,842.11 WCU; added 1,842.11 x 2.7778 h x $0.00065 = $3.3260', () => {
    const estimate = pricedOf(estimateFixed(paced, sinceCut, { baselineWcu: 1000 }));
    expect(estimate.capacity?.writeWcu).toBeCloseTo(1842.105263, 5);
    expect(estimate.totalUsd).toBeCloseTo(3.326023, 6);
  });

  it('on an idle table (no baseline): 2,000 / 0.95 = 2,105.26 WCU x 2.7778 h x $0.00065 = $3.8012', () => {
    expect(pricedOf(estimateFixed(paced, sinceCut)).totalUsd).toBeCloseTo(3.801170, 6);
  });

  it('a baseline of 10,000 WCU (7,000 organic) has room for 2,000 more: (7,000 + 2,000) / 0.95 = 9,473.7 < 10,000, so $0', () => {
    const estimate = pricedOf(estimateFixed(paced, sinceCut, { baselineWcu: 10_000 }));
    expect(estimate.totalUsd).toBe(0);
    expect(estimate.notes.join(' ')).toMatch(/no added capacity/);
  });
});

describe('import from S3', () => {
  it('new table, 10M x 1,536 B = 15,360,000,000 B = 14.3051 GB x $0.15 = $2.1458', () => {
    const estimate = pricedOf(estimateS3Import(load, sinceCut, { targetIsNewTable: true }));
    expect(estimate.importGb).toBeCloseTo(14.305115, 5);
    expect(estimate.totalUsd).toBeCloseTo(2.145767, 6);
    expect(estimate.notes.join(' ')).toMatch(/assumed/);
  });

  it('with the uncompressed source size given: 20 GB x $0.15 = $3.00', () => {
    const estimate = pricedOf(estimateS3Import(load, sinceCut, { targetIsNewTable: true, sourceBytes: 20 * 1024 ** 3 }));
    expect(estimate.totalUsd).toBeCloseTo(3, 10);
  });

  it('an existing table cannot be imported into', () => {
    const estimate = estimateS3Import(load, sinceCut, { targetIsNewTable: false });
    expect(estimate.kind === 'unavailable' && estimate.reason).toMatch(/only creates a new table/);
  });
});

describe('comparison', () => {
  it('lists the modes in order, S3 import only where the target is new', () => {
    const estimates = estimateAll({
      job: paced,
      prices: sinceCut,
      autoscaling: { targetUtilization: 0.7 },
      fixed: { baselineWcu: 1000 },
      s3Import: { targetIsNewTable: true },
    });
    expect(estimates.map((estimate) => estimate.mode)).toEqual(['on-demand', 'autoscaling', 'fixed', 's3-import']);
    expect(estimates.map((estimate) => (estimate.kind === 'priced' ? Number(estimate.totalUsd.toFixed(4)) : null))).toEqual([
      12.5, 5.1587, 3.326, 2.1458,
    ]);
  });

  it('a subset of modes gives only those', () => {
    const estimates = estimateAll({ job: paced, prices: sinceCut, modes: ['fixed'] });
    expect(estimates.map((estimate) => estimate.mode)).toEqual(['fixed']);
  });
});

describe('bad input is rejected in words', () => {
  it('negative items', () => {
    expect(() => estimateOnDemand({ items: -5, itemBytes: 100 }, sinceCut)).toThrow(CostInputError);
    expect(() => estimateOnDemand({ items: -5, itemBytes: 100 }, sinceCut)).toThrow(/Number of items must be a number of zero or more; got -5/);
  });

  it('a fractional item count', () => {
    expect(() => estimateOnDemand({ items: 2.5, itemBytes: 100 }, sinceCut)).toThrow(/whole number/);
  });

  it('an item size of zero', () => {
    expect(() => estimateOnDemand({ items: 10, itemBytes: 0 }, sinceCut)).toThrow(/Item size in bytes must be a number above zero/);
  });

  it('a zero write rate', () => {
    expect(() => estimateAutoscaling({ ...load, pacing: { kind: 'rate', writeWcuPerSecond: 0 } }, sinceCut, { targetUtilization: 0.7 })).toThrow(
      /Write rate \(WCU per second\) must be a number above zero/,
    );
  });
});
