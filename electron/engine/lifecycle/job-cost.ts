import { builtinPriceTable, resolvePrices, type MeterBilling, type TableClass } from '../../../shared/cost';
import type { CostSpec } from '../../../shared/job-spec';

/** What the engine knows of the target table that decides how its writes are billed. */
export interface BillingFacts {
  billingMode: 'PROVISIONED' | 'PAY_PER_REQUEST';
  tableClass: TableClass;
  region: string;
}

/**
 * How the spend meter should price this job: from the spec's choice, or (auto) from the
 * table — on-demand tables pay per request, provisioned ones are assumed to auto scale at
 * the spec's target. Prices come from the built-in, dated price table.
 */
export function meterBillingFor(cost: CostSpec, facts: BillingFacts, onDate = new Date()): MeterBilling {
  const billing = cost.billing === 'auto' ? (facts.billingMode === 'PAY_PER_REQUEST' ? 'on-demand' : 'autoscaling') : cost.billing;
  if (billing === 'already-paid') return { mode: 'already-paid' };
  const prices = resolvePrices(builtinPriceTable, cost.region ?? facts.region, facts.tableClass, onDate.toISOString().slice(0, 10)).prices;
  const need = (value: number | undefined, what: string): number => {
    if (value === undefined) throw new Error(`No ${what} price is known for ${cost.region ?? facts.region} (${facts.tableClass}); add it to the price table or choose another billing for the job`);
    return value;
  };
  switch (billing) {
    case 'on-demand':
      return {
        mode: 'on-demand',
        writePerMillionUsd: need(prices.onDemandWritePerMillionUsd?.usd, 'on-demand write'),
        readPerMillionUsd: need(prices.onDemandReadPerMillionUsd?.usd, 'on-demand read'),
      };
    case 'autoscaling':
      return {
        mode: 'autoscaling',
        wcuHourUsd: need(prices.provisionedWcuHourUsd?.usd, 'WCU-hour'),
        rcuHourUsd: need(prices.provisionedRcuHourUsd?.usd, 'RCU-hour'),
        targetUtilization: cost.targetUtilization,
      };
    case 'fixed':
      return { mode: 'fixed', wcuHourUsd: need(prices.provisionedWcuHourUsd?.usd, 'WCU-hour'), addedWcu: cost.addedWcu ?? 0 };
  }
}
