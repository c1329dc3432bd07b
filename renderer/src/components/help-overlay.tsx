import { GLOBAL_SHORTCUTS } from '../hooks/use-global-shortcuts';
import { useAppStore } from '../store/app-store';

/** The keyboard shortcuts, listed; opened with `?`, closed with Esc or a click outside. */
export function HelpOverlay() {
  const open = useAppStore((s) => s.helpOpen);
  const setOpen = useAppStore((s) => s.setHelpOpen);
  if (!open) return null;
  return (
    <div className="overlay" role="dialog" aria-modal aria-label="Keyboard shortcuts" data-testid="help-overlay" onClick={() => setOpen(false)}>
      <div className="dialog" onClick={(e) => e.stopPropagation()}>
        <h2>Keyboard shortcuts</h2>
        <table className="grid shortcuts">
          <tbody>
            {GLOBAL_SHORTCUTS.map((s) => (
              <tr key={s.keys}><td><kbd>{s.keys}</kbd></td><td>{s.what}</td></tr>
            ))}
          </tbody>
        </table>
        <p className="muted small">Shortcuts are ignored while you type in a field.</p>
        <div className="actions-end"><button onClick={() => setOpen(false)}>Close</button></div>
      </div>
    </div>
  );
}
