import { useEffect } from 'react';

/** A modal question with a default-safe answer: Esc or a click outside cancels. */
export function ConfirmDialog({ title, body, confirmLabel, onConfirm, onCancel }: { title: string; body: string; confirmLabel: string; onConfirm(): void; onCancel(): void }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') onCancel(); };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onCancel]);
  return (
    <div className="overlay" role="alertdialog" aria-modal aria-label={title} data-testid="confirm-dialog" onClick={onCancel}>
      <div className="dialog" onClick={(e) => e.stopPropagation()}>
        <h2>{title}</h2>
        <p>{body}</p>
        <div className="actions-end">
          <button data-testid="confirm-cancel" autoFocus onClick={onCancel}>Cancel</button>
          <button className="danger-solid" data-testid="confirm-ok" onClick={onConfirm}>{confirmLabel}</button>
        </div>
      </div>
    </div>
  );
}
