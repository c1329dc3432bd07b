import { useAppStore } from '../store/app-store';

/** The app-wide error in words, with a way to dismiss it. */
export function ErrorBanner() {
  const error = useAppStore((s) => s.error);
  const setError = useAppStore((s) => s.setError);
  if (!error) return null;
  return (
    <div className="banner error" role="alert" data-testid="error-banner">
      <span>{error}</span>
      <button className="link" onClick={() => setError(null)}>Dismiss</button>
    </div>
  );
}
