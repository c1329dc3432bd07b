/** The capstan mark: a drum with its bars, drawn inline so it needs no font or file. */
export function CapstanMark() {
  return (
    <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden className="brand-mark">
      <ellipse cx="12" cy="6" rx="7" ry="2.5" fill="none" stroke="currentColor" strokeWidth="1.8" />
      <path d="M7 7.5v9c0 1.4 2.2 2.5 5 2.5s5-1.1 5-2.5v-9" fill="none" stroke="currentColor" strokeWidth="1.8" />
      <path d="M2 6h5M17 6h5M12 1v3" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
    </svg>
  );
}
