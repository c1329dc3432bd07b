/** Report exports (CSV, HTML) and the throttle-reason texts the live UI shares with them. */
export { renderReportCsv, REPORT_CSV_COLUMNS, throttleReasonColumn } from './report-csv';
export { renderReportHtml, type ReportHtmlOptions } from './report-html';
export { explainThrottleReason, parseThrottleReason, compareThrottleReasons, THROTTLE_REASONS, UNPROCESSED_ITEMS_REASON } from './throttle-reasons';
export type { ThrottleExplanation, ParsedThrottleReason, ThrottleLimitName } from './throttle-reasons';
export { renderSeriesSvg, type ChartSeries, type SeriesChartOptions } from './series-svg';
export { renderStackedBarsSvg, type BarStack, type StackedBarsOptions } from './stacked-bars-svg';
export { escapeHtml } from './html-escape';
export { formatZonedTime, resolveTimeZone } from './zoned-time';
