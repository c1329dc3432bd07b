/** The cost model: prices, estimates, the live spend meter and technique helpers. */
export * from './builtin-prices';
export * from './capacity-units';
export * from './cost-input-error';
export * from './estimate';
export * from './estimate-model';
export * from './money-format';
export * from './organic-share';
export * from './price-table';
export * from './spend-meter';
