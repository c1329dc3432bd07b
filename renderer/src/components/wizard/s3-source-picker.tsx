import { useEffect, useState } from 'react';
import type { S3Listing } from '../../../../shared/source-browsing';
import { formatBytes, formatCount } from '../../../../shared/format';
import { command, errorWords } from '../../api/command';

/** The parts of an S3 source the picker edits; the address is built from them. */
interface S3Choice {
  bucket: string;
  prefix: string;
  glob: string;
}

/** `s3://bucket/prefix/glob`: a prefix (ends with `/`), a glob under it, or one object. */
export function s3SourceUrl(choice: S3Choice): string {
  return choice.bucket ? `s3://${choice.bucket}/${choice.prefix}${choice.glob}` : '';
}

/** Waits this long after the last keystroke before listing again. */
const LIST_DELAY_MS = 250;

/**
 * The wizard's S3 source: a bucket of the job's connection, a prefix browsed level by
 * level, an optional glob (`*.csv.gz`), and the listing a load of that address would
 * read (paginated, with the object count and total size), so the operator sees what
 * will be loaded before previewing its first object.
 */
export function S3SourcePicker({ connectionId, onUrl, onListing }: {
  connectionId: string | null;
  onUrl: (url: string) => void;
  /** The listing shown (null when there is none), so the wizard can name big gzip objects under "Run on". */
  onListing?: (listing: S3Listing | null) => void;
}) {
  const [buckets, setBuckets] = useState<string[] | null>(null);
  const [choice, setChoice] = useState<S3Choice>({ bucket: '', prefix: '', glob: '' });
  const [listing, setListing] = useState<S3Listing | null>(null);
  const [pages, setPages] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const url = s3SourceUrl(choice);

  useEffect(() => {
    if (!connectionId) return;
    let live = true;
    command('listS3Buckets', { connectionId }).then(
      (answer) => live && setBuckets(answer.buckets),
      (e: unknown) => live && setError(errorWords(e)),
    );
    return () => {
      live = false;
    };
  }, [connectionId]);

  useEffect(() => {
    if (!connectionId || !choice.bucket) return;
    let live = true;
    const timer = setTimeout(() => {
      command('listS3Prefix', { connectionId, url, ...(pages.at(-1) ? { pageToken: pages.at(-1) } : {}) }).then(
        (answer) => {
          if (!live) return;
          setListing(answer);
          setError(null);
        },
        (e: unknown) => {
          if (!live) return;
          setListing(null);
          setError(errorWords(e));
        },
      );
    }, LIST_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [connectionId, choice.bucket, url, pages]);

  const shown = listing && choice.bucket ? listing : null;
  useEffect(() => {
    onListing?.(shown);
  }, [shown, onListing]);

  const choose = (change: Partial<S3Choice>) => {
    const next = { ...choice, ...change };
    setPages([]);
    setChoice(next);
    if (!next.bucket) setListing(null);
    onUrl(s3SourceUrl(next));
  };
  const openFolder = (folderUrl: string) => choose({ prefix: folderUrl.slice(`s3://${choice.bucket}/`.length) });
  const up = () => {
    const trimmed = choice.prefix.replace(/[^/]*\/?$/, '');
    choose({ prefix: trimmed });
  };

  if (!connectionId) return <p className="muted">Choose a connection first: its credentials, region and endpoint read the bucket.</p>;
  return (
    <div className="s3-picker" data-testid="s3-picker">
      <div className="row">
        <label>
          Bucket
          <select data-testid="s3-bucket" value={choice.bucket} onChange={(e) => choose({ bucket: e.target.value, prefix: '' })}>
            <option value="">{buckets === null ? 'Listing buckets…' : buckets.length ? 'Choose a bucket…' : 'No buckets'}</option>
            {(buckets ?? []).map((b) => <option key={b} value={b}>{b}</option>)}
          </select>
        </label>
        <label className="grow">
          Prefix
          <input data-testid="s3-prefix" value={choice.prefix} placeholder="unload/2024/" disabled={!choice.bucket} title={choice.bucket ? 'The prefix the objects are under' : 'Choose a bucket first'} onChange={(e) => choose({ prefix: e.target.value })} />
        </label>
        <label>
          Only names like <span className="muted small">(optional glob)</span>
          <input data-testid="s3-glob" value={choice.glob} placeholder="*.csv.gz" disabled={!choice.bucket} title={choice.bucket ? 'Load only objects whose names match this glob' : 'Choose a bucket first'} onChange={(e) => choose({ glob: e.target.value })} />
        </label>
      </div>
      {url && <p className="small">Source: <code data-testid="s3-url">{url}</code></p>}
      {error && <p className="error-text" data-testid="s3-error">{error}</p>}
      {listing && choice.bucket && (
        <div className="s3-listing" data-testid="s3-listing">
          <p data-testid="s3-summary">
            <strong>{formatCount(listing.objectCount)}{listing.countComplete ? '' : '+'} {listing.objectCount === 1 && listing.countComplete ? 'object' : 'objects'}</strong> · {formatBytes(listing.totalBytes)}{listing.countComplete ? '' : ' counted so far'} will be loaded
          </p>
          <div className="row s3-folders">
            {choice.prefix && <button className="link-button" data-testid="s3-up" onClick={up}>↑ up</button>}
            {listing.folders.map((f) => (
              <button key={f} className="link-button" data-testid="s3-folder" onClick={() => openFolder(f)}><span className="entry-icon folder" aria-hidden />{f.slice(`s3://${listing.bucket}/${listing.folderPrefix}`.length)}</button>
            ))}
          </div>
          <div className="table-scroll">
            <table className="grid">
              <thead><tr><th>Object</th><th>Size</th></tr></thead>
              <tbody>
                {listing.objects.map((o) => (
                  <tr key={o.key} data-testid="s3-object"><td>{o.key}</td><td>{formatBytes(o.sizeBytes)}</td></tr>
                ))}
                {listing.objects.length === 0 && <tr><td colSpan={2} className="muted">No objects here match.</td></tr>}
              </tbody>
            </table>
          </div>
          <div className="row">
            {pages.length > 0 && <button data-testid="s3-first-page" onClick={() => setPages([])}>First page</button>}
            {listing.nextPageToken && <button data-testid="s3-next-page" onClick={() => setPages((p) => [...p, listing.nextPageToken!])}>Next page</button>}
          </div>
        </div>
      )}
    </div>
  );
}
