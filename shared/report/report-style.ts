import { paletteDarkCss } from './chart-palette';

/**
 * The report page's stylesheet, inlined so the file needs nothing else. Light by default
 * and for print (A4, charts never split across pages); dark on screens that ask for it.
 */
export function reportCss(): string {
  return `
:root{--bg:#ffffff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--panel:#f6f8fa;--ok:#1a7f37;--ok-bg:#dafbe1;--warn:#9a6700;--warn-bg:#fff8c5;--bad:#cf222e;--bad-bg:#ffebe9;--info:#0969da;--info-bg:#ddf4ff;--grid:#e4e8ec;--code:#eff2f5}
*{box-sizing:border-box}
html{background:var(--bg);color:var(--fg)}
body{margin:0 auto;max-width:1000px;padding:24px 28px 48px;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;background:var(--bg);color:var(--fg)}
h1{font-size:26px;line-height:1.25;margin:0 0 4px}
h2{font-size:18px;margin:32px 0 10px;padding-bottom:4px;border-bottom:1px solid var(--line)}
h3{font-size:15px;margin:18px 0 6px}
p{margin:6px 0}
.sub{color:var(--muted);margin:0 0 16px}
.muted{color:var(--muted)}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:12.5px}
code{background:var(--code);padding:1px 4px;border-radius:4px;overflow-wrap:anywhere;word-break:break-word}
.banner{border-radius:8px;padding:12px 16px;margin:8px 0 16px;border-left:6px solid}
.banner strong{display:block;font-size:17px}
.banner.ok{background:var(--ok-bg);border-color:var(--ok)}
.banner.warn{background:var(--warn-bg);border-color:var(--warn)}
.banner.bad{background:var(--bad-bg);border-color:var(--bad)}
.banner.info{background:var(--info-bg);border-color:var(--info)}
.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:8px;margin:0}
.fact{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:8px 12px;margin:0;min-width:0}
.fact dt{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
.fact dd{margin:2px 0 0;font-size:16px;font-weight:600;overflow-wrap:anywhere}
.fact dd .note{display:block;font-size:12px;font-weight:400;color:var(--muted)}
.fact.bad dd{color:var(--bad)}
table{border-collapse:collapse;width:100%;margin:6px 0 10px}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid var(--line)}
th{font-size:12px;color:var(--muted);font-weight:600;text-transform:uppercase;letter-spacing:.03em;background:var(--panel)}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.path{color:var(--muted)}
td.term{white-space:nowrap}
td.wrap{overflow-wrap:anywhere;word-break:break-word}
tr.sum td{border-top:2px solid var(--fg)}
.statement{font-size:15px;padding:8px 12px;background:var(--panel);border:1px solid var(--line);border-radius:6px}
.badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600}
.badge.ok{background:var(--ok-bg);color:var(--ok)}
.badge.bad{background:var(--bad-bg);color:var(--bad)}
figure{margin:12px 0 20px}
figcaption{font-weight:600;margin-bottom:4px}
svg.chart{display:block;width:100%;height:auto;max-width:100%;font-family:inherit}
svg.chart text{fill:var(--fg)}
svg.chart .ticks text{fill:var(--muted)}
svg.chart .grid path{stroke:var(--grid);stroke-width:1}
svg.chart .axis,svg.chart .tick{stroke:var(--muted);fill:none;stroke-width:1}
svg.chart .axis-title{fill:var(--muted)}
.error{border:1px solid var(--bad);background:var(--bad-bg);border-radius:8px;padding:10px 14px}
.error .name{font-weight:700;color:var(--bad)}
ul.notes li{margin:4px 0}
footer{margin-top:40px;color:var(--muted);font-size:12px;border-top:1px solid var(--line);padding-top:8px}
@media screen and (prefers-color-scheme:dark){
:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#30363d;--panel:#161b22;--ok:#3fb950;--ok-bg:#12261e;--warn:#d29922;--warn-bg:#272115;--bad:#f85149;--bad-bg:#2d1618;--info:#58a6ff;--info-bg:#121d2f;--grid:#21262d;--code:#1f242c}
${paletteDarkCss()}
}
@media print{
@page{size:A4;margin:14mm 12mm}
html,body{background:#fff;color:#000}
body{max-width:none;padding:0;font-size:10pt}
h2,h3{break-after:avoid}
h2{margin-top:20px}
figure,.fact,tr,.banner,.error{break-inside:avoid}
.facts{grid-template-columns:repeat(3,1fr)}
th{background:#f0f0f0}
}
`.trim();
}
