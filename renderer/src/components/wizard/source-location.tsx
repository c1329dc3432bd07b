import { useState } from 'react';
import type { S3Listing } from '../../../../shared/source-browsing';
import { command } from '../../api/command';
import { HostFolderBrowser } from './host-folder-browser';
import { S3SourcePicker } from './s3-source-picker';

/** Where the source lives. */
type SourceKind = 'local' | 's3';

/**
 * The wizard's source location: a file, folder or glob on the machine running Capstan
 * (typed, or chosen with the desktop's native dialog or web mode's server-side chooser),
 * or an S3 prefix, glob or object read with the job's connection. It only yields the
 * path; previewing it is the wizard's, the same for both.
 */
export function SourceLocation({ face, connectionId, path, onPath, onEnter, onS3Listing }: {
  face: 'desktop' | 'web' | undefined;
  connectionId: string | null;
  path: string;
  onPath: (path: string) => void;
  onEnter: () => void;
  /** The S3 picker's listing (see S3SourcePicker). */
  onS3Listing?: (listing: S3Listing | null) => void;
}) {
  const [kind, setKind] = useState<SourceKind>(/^s3:\/\//i.test(path) ? 's3' : 'local');
  const [browsing, setBrowsing] = useState(false);

  const switchTo = (next: SourceKind) => {
    if (next === kind) return;
    setKind(next);
    setBrowsing(false);
    onPath('');
  };
  const pickNative = async () => {
    const picked = await command('pickSourceFile', {});
    if (picked.path) onPath(picked.path);
  };

  return (
    <div className="source-location">
      <div className="segmented" role="tablist" data-testid="source-kind">
        <button className={kind === 'local' ? 'on' : ''} data-testid="source-kind-local" onClick={() => switchTo('local')}>This machine</button>
        <button className={kind === 's3' ? 'on' : ''} data-testid="source-kind-s3" onClick={() => switchTo('s3')}>Amazon S3</button>
      </div>
      {kind === 'local' && (
        <div className="row">
          <label className="grow">
            <span>File, folder or glob {face === 'web' ? <span className="muted small">(a path on the machine running Capstan)</span> : null}</span>
            <input data-testid="source-path" value={path} placeholder="/data/customers.csv" onChange={(e) => onPath(e.target.value)} onKeyDown={(e) => { if (e.key === 'Enter' && path.trim()) onEnter(); }} />
          </label>
          {face === 'desktop' && <button onClick={() => void pickNative()}>Browse…</button>}
          {face === 'web' && <button data-testid="host-browse" onClick={() => setBrowsing((b) => !b)}>Browse…</button>}
        </div>
      )}
      {kind === 'local' && browsing && <HostFolderBrowser onClose={() => setBrowsing(false)} onPick={(picked) => { onPath(picked); setBrowsing(false); }} />}
      {kind === 's3' && <S3SourcePicker connectionId={connectionId} onUrl={onPath} onListing={onS3Listing} />}
    </div>
  );
}
