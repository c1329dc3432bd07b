import type { ExportedReport } from '../../../shared/contract';
import type { JobReport } from '../../../shared/job-report';
import { renderReportCsv, renderReportHtml } from '../../../shared/report';

/** Prints HTML to PDF (the desktop does it with Electron's printToPDF); absent in web mode and the CLI. */
export type PdfPrinter = (html: string) => Promise<Uint8Array>;

/**
 * A run's report as a file: JSON (the report itself), CSV (its per-second series), a
 * self-contained HTML page, or a PDF: that page printed where the face can print (the
 * desktop), else the PDF Capstan lays out itself (web mode), so every face downloads one.
 */
export async function exportReport(report: JobReport, format: 'json' | 'csv' | 'html' | 'pdf', options: { timeZone?: string; printPdf?: PdfPrinter | null }): Promise<ExportedReport> {
  const base = `capstan-${report.job.id}`;
  switch (format) {
    case 'json':
      return { fileName: `${base}.json`, mimeType: 'application/json', text: JSON.stringify(report, null, 2), base64: null };
    case 'csv':
      return { fileName: `${base}-series.csv`, mimeType: 'text/csv', text: renderReportCsv(report), base64: null };
    case 'html':
      return { fileName: `${base}.html`, mimeType: 'text/html', text: renderReportHtml(report, options.timeZone ? { timeZone: options.timeZone } : {}), base64: null };
    case 'pdf': {
      const zone = options.timeZone ? { timeZone: options.timeZone } : {};
      // The PDF layout library is loaded when a PDF is first asked for, not by every process that runs jobs.
      const pdf = options.printPdf ? await options.printPdf(renderReportHtml(report, zone)) : await (await import('../../../shared/report/pdf/report-pdf')).renderReportPdf(report, zone);
      return { fileName: `${base}.pdf`, mimeType: 'application/pdf', text: null, base64: Buffer.from(pdf).toString('base64') };
    }
  }
}
