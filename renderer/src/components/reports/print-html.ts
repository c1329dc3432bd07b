/**
 * Prints an HTML report with the browser's own print dialog (web mode's PDF: "Save as
 * PDF" there). The page goes into a hidden frame so the app itself is not printed.
 */
export function printHtml(html: string): void {
  const frame = document.createElement('iframe');
  frame.setAttribute('aria-hidden', 'true');
  frame.style.cssText = 'position:fixed;width:0;height:0;border:0;right:0;bottom:0';
  frame.srcdoc = html;
  frame.onload = () => {
    frame.contentWindow?.focus();
    frame.contentWindow?.print();
    // The dialog blocks until closed in most browsers; keep the frame a while for the others.
    setTimeout(() => frame.remove(), 60_000);
  };
  document.body.appendChild(frame);
}
