import { useEffect, useState } from 'react';
import type { HostFolderListing } from '../../../../shared/source-browsing';
import { formatBytes } from '../../../../shared/format';
import { command, errorWords } from '../../api/command';

/**
 * Web mode's file chooser: the folders the server allows (`--allow-dir`), browsed on
 * the server, never outside them (the server refuses `..` and symlinks that lead out).
 * Picking a file or "Use this folder" gives the path back.
 */
export function HostFolderBrowser({ onPick, onClose }: { onPick: (path: string) => void; onClose: () => void }) {
  const [folder, setFolder] = useState<string | undefined>(undefined);
  const [listing, setListing] = useState<HostFolderListing | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    command('listHostFolder', folder === undefined ? {} : { path: folder }).then(
      (answer) => {
        if (!live) return;
        setListing(answer);
        setError(null);
      },
      (e: unknown) => live && setError(errorWords(e)),
    );
    return () => {
      live = false;
    };
  }, [folder]);

  return (
    <div className="host-browser" data-testid="host-browser">
      <div className="row">
        <strong className="grow" data-testid="host-folder">{listing?.path ?? 'Folders this server allows'}</strong>
        {listing?.path && <button data-testid="host-up" onClick={() => setFolder(listing.parent ?? undefined)}>↑ {listing.parent ? 'Up' : 'Allowed folders'}</button>}
        {listing?.path && <button data-testid="host-use-folder" onClick={() => onPick(listing.path!)}>Use this folder</button>}
        <button onClick={onClose}>Close</button>
      </div>
      {error && <p className="error-text" data-testid="host-error">{error}</p>}
      {listing && (
        <div className="table-scroll host-entries">
          <table className="grid clickable">
            <tbody>
              {listing.entries.map((entry) => (
                <tr key={entry.path} data-testid="host-entry" onClick={() => (entry.kind === 'folder' ? setFolder(entry.path) : onPick(entry.path))}>
                  <td><span className={`entry-icon ${entry.kind === 'folder' ? 'folder' : 'file'}`} aria-hidden />{entry.name}</td>
                  <td className="muted">{entry.kind === 'file' ? formatBytes(entry.sizeBytes) : ''}</td>
                </tr>
              ))}
              {listing.entries.length === 0 && <tr><td className="muted">Empty folder.</td></tr>}
            </tbody>
          </table>
          {listing.truncated && <p className="muted small">More entries than shown: type the path instead.</p>}
        </div>
      )}
    </div>
  );
}
