import { useState } from 'react';
import type { ExportedReport } from '../../../../shared/contract';
import { command, errorWords } from '../../api/command';
import { base64Bytes, saveBlob } from '../../format/save-blob';
import { useAppStore } from '../../store/app-store';
import { ReasonButton } from '../reason-button';

type Format = 'json' | 'csv' | 'html' | 'pdf';

const LABELS: Record<Format, string> = { json: 'JSON', csv: 'CSV series', html: 'HTML', pdf: 'PDF' };

/**
 * Download buttons for a finished job's report: JSON, the per-second CSV, the
 * self-contained HTML page and PDF (the desktop prints the HTML page; web mode downloads
 * the PDF the server lays out). Times in the report follow the UTC toggle.
 */
export function ReportDownloads({ jobId }: { jobId: string }) {
  const utc = useAppStore((s) => s.utc);
  const [busy, setBusy] = useState<Format | null>(null);
  const [error, setError] = useState<string | null>(null);
  const timeZone = utc ? 'UTC' : Intl.DateTimeFormat().resolvedOptions().timeZone;

  const download = async (format: Format) => {
    setBusy(format);
    setError(null);
    try {
      saveReport(await command('exportReport', { jobId, format, timeZone }));
    } catch (e) {
      setError(errorWords(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="report-downloads" data-testid="report-downloads">
      <span className="muted small">Report</span>
      {(Object.keys(LABELS) as Format[]).map((format) => (
        <ReasonButton key={format} data-testid={`report-${format}`} blockedBy={busy !== null && `Wait: the ${LABELS[busy]} report is being made`} title={`Download the report as ${LABELS[format]}`}
          onClick={() => void download(format)}>
          {busy === format ? '…' : `⤓ ${LABELS[format]}`}
        </ReasonButton>
      ))}
      {error && <span className="error-text small" data-testid="report-error">{error}</span>}
    </div>
  );
}

function saveReport(report: ExportedReport): void {
  const body = report.base64 !== null ? base64Bytes(report.base64) : (report.text ?? '');
  saveBlob(report.fileName, new Blob([body], { type: report.mimeType }));
}
