/**
 * The chart colours, light and dark. The SVG carries the light colour as a presentation
 * attribute (so a chart pasted anywhere still has colour) and a class that the report's
 * dark-mode CSS overrides.
 */
export const CHART_PALETTE: readonly { light: string; dark: string }[] = [
  { light: '#1f6feb', dark: '#58a6ff' },
  { light: '#1a7f37', dark: '#3fb950' },
  { light: '#57606a', dark: '#adbac7' },
  { light: '#d4640a', dark: '#f0883e' },
  { light: '#8250df', dark: '#bc8cff' },
  { light: '#cf222e', dark: '#ff7b72' },
  { light: '#0a8f8f', dark: '#39c5cf' },
  { light: '#9a6700', dark: '#d29922' },
  { light: '#bf3989', dark: '#f778ba' },
  { light: '#7d4e24', dark: '#c69026' },
];

/** The palette entry for an index, cycling when a chart has more series than colours. */
export function paletteColor(index: number): { light: string; dark: string; className: string } {
  const i = ((index % CHART_PALETTE.length) + CHART_PALETTE.length) % CHART_PALETTE.length;
  return { ...CHART_PALETTE[i]!, className: `k${i}` };
}

/** Dark-mode overrides for every palette class, for the page's stylesheet. */
export function paletteDarkCss(): string {
  return CHART_PALETTE.map((c, i) => `.k${i}:not(.fill){stroke:${c.dark}}.k${i}.fill{fill:${c.dark}}`).join('');
}
