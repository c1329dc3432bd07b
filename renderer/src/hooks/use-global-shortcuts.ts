import { useEffect } from 'react';
import { useAppStore } from '../store/app-store';
import { NAV_PAGES } from '../store/view';

/** Keyboard shortcuts of the whole app, as the help overlay lists them. */
export const GLOBAL_SHORTCUTS: { keys: string; what: string }[] = [
  ...NAV_PAGES.map((p) => ({ keys: p.key, what: `Go to ${p.label}` })),
  { keys: 'Space', what: 'Pause or resume the job on screen' },
  { keys: 'u', what: 'Switch times between UTC and local' },
  { keys: '?', what: 'Show or hide this help' },
  { keys: 'Esc', what: 'Close this help or a confirmation' },
];

/** True when a key press belongs to a field the operator is typing in. */
export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el?.closest?.('input, select, textarea, [contenteditable="true"]');
}

/** Navigation by digit, `u` for UTC, `?` for help, Esc to close it. */
export function useGlobalShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      const store = useAppStore.getState();
      if (e.key === '?') {
        store.setHelpOpen(!store.helpOpen);
        e.preventDefault();
      } else if (e.key === 'Escape' && store.helpOpen) {
        store.setHelpOpen(false);
      } else if (e.key === 'u') {
        store.setUtc(!store.utc);
      } else {
        const nav = NAV_PAGES.find((p) => p.key === e.key);
        if (nav) store.setView({ page: nav.page });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
