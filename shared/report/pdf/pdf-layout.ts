import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage, type RGB } from 'pdf-lib';

/**
 * A small flowing layout over pdf-lib for the report's PDF where no browser can print it
 * (web mode, the CLI): headings, wrapped paragraphs, tables and line charts on A4 pages,
 * in the PDF standard Helvetica (no font file to ship). Text keeps to what that font's
 * WinAnsi encoding holds; anything else is replaced in words (→ becomes ->).
 */

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 48;
const LINE_GAP = 1.35;

/** Colours the PDF uses: text, muted text, rules and the chart palette (light). */
export const PDF_COLORS = {
  text: rgb(0.12, 0.14, 0.16),
  muted: rgb(0.4, 0.42, 0.45),
  rule: rgb(0.82, 0.84, 0.86),
  bad: rgb(0.81, 0.13, 0.18),
} as const;

/** A hex colour (#rrggbb) as pdf-lib's RGB. */
export function hexColor(hex: string): RGB {
  const n = Number.parseInt(hex.slice(1), 16);
  return rgb(((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255);
}

const WIN_ANSI_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';
const REPLACEMENTS: Record<string, string> = { '→': '->', '←': '<-', '≈': '~', '−': '-', '≤': '<=', '≥': '>=', '✓': 'yes', '✗': 'no', '⤓': '' };

/** Text as Helvetica's WinAnsi encoding can draw it: known symbols in words, others as "?". */
export function winAnsiText(text: string): string {
  let out = '';
  for (const ch of text.replace(/[\t\r\n]+/g, ' ')) {
    const code = ch.codePointAt(0)!;
    if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.includes(ch)) out += ch;
    else out += REPLACEMENTS[ch] ?? '?';
  }
  return out;
}

/** One table column: its title, share of the width and alignment. */
export interface PdfColumn {
  title: string;
  width: number;
  align?: 'left' | 'right';
}

/** A document being laid out top to bottom, page after page. */
export class PdfFlow {
  private page!: PDFPage;
  private y = 0;

  private constructor(
    private readonly doc: PDFDocument,
    private readonly font: PDFFont,
    private readonly bold: PDFFont,
  ) {
    this.newPage();
  }

  /** A new document with its first page. */
  static async create(title: string): Promise<PdfFlow> {
    const doc = await PDFDocument.create();
    doc.setTitle(winAnsiText(title));
    doc.setProducer('Capstan');
    doc.setCreator('Capstan');
    return new PdfFlow(doc, await doc.embedFont(StandardFonts.Helvetica), await doc.embedFont(StandardFonts.HelveticaBold));
  }

  /** The width text may take on a page. */
  get contentWidth(): number {
    return A4[0] - 2 * MARGIN;
  }

  /** A section heading (kept with at least `keepPt` of what follows). */
  heading(text: string, size = 14, keepPt = 60): void {
    this.ensure(size * 2.2 + keepPt);
    this.y -= size * 0.7;
    this.draw(text, MARGIN, size, this.bold, PDF_COLORS.text);
    this.y -= size * 1.5;
  }

  /** A paragraph wrapped to the width. */
  paragraph(text: string, options: { size?: number; color?: RGB; bold?: boolean; indent?: number } = {}): void {
    const size = options.size ?? 10;
    const font = options.bold ? this.bold : this.font;
    const indent = options.indent ?? 0;
    for (const line of this.wrap(text, font, size, this.contentWidth - indent)) {
      this.ensure(size * LINE_GAP);
      this.draw(line, MARGIN + indent, size, font, options.color ?? PDF_COLORS.text);
      this.y -= size * LINE_GAP;
    }
    this.y -= size * 0.4;
  }

  /** A table with a header row; cells wrap inside their column. */
  table(columns: readonly PdfColumn[], rows: readonly string[][], size = 9): void {
    const total = columns.reduce((s, c) => s + c.width, 0);
    const widths = columns.map((c) => (c.width / total) * this.contentWidth);
    const drawRow = (cells: readonly string[], font: PDFFont, color: RGB) => {
      const wrapped = cells.map((cell, i) => this.wrap(cell, font, size, widths[i]! - 6));
      const height = Math.max(...wrapped.map((w) => w.length)) * size * LINE_GAP + 7;
      this.ensure(height);
      let x = MARGIN;
      wrapped.forEach((lines, i) => {
        lines.forEach((line, j) => {
          const w = font.widthOfTextAtSize(line, size);
          const lineX = columns[i]!.align === 'right' ? x + widths[i]! - 3 - w : x + 3;
          this.draw(line, lineX, size, font, color, this.y - 3 - j * size * LINE_GAP);
        });
        x += widths[i]!;
      });
      this.y -= height;
      this.page.drawLine({ start: { x: MARGIN, y: this.y + 2 }, end: { x: MARGIN + this.contentWidth, y: this.y + 2 }, thickness: 0.5, color: PDF_COLORS.rule });
    };
    drawRow(columns.map((c) => c.title), this.bold, PDF_COLORS.muted);
    for (const row of rows) drawRow(row, this.font, PDF_COLORS.text);
    this.y -= size * 0.6;
  }

  /**
   * Reserves a box of `heightPt` for a drawing and hands it the page and its corners
   * (origin bottom left, as PDF draws).
   */
  box(heightPt: number, draw: (page: PDFPage, box: { left: number; bottom: number; width: number; height: number }, text: (s: string, x: number, y: number, size: number, color?: RGB) => void) => void): void {
    this.ensure(heightPt);
    const box = { left: MARGIN, bottom: this.y - heightPt, width: this.contentWidth, height: heightPt };
    draw(this.page, box, (s, x, y, size, color) => this.page.drawText(winAnsiText(s), { x, y, size, font: this.font, color: color ?? PDF_COLORS.muted }));
    this.y -= heightPt + 8;
  }

  /** Width of text in the regular font. */
  textWidth(text: string, size: number): number {
    return this.font.widthOfTextAtSize(winAnsiText(text), size);
  }

  /** The finished file. */
  async bytes(): Promise<Uint8Array> {
    return this.doc.save();
  }

  private draw(text: string, x: number, size: number, font: PDFFont, color: RGB, y = this.y): void {
    this.page.drawText(text, { x, y: y - size, size, font, color });
  }

  private ensure(heightPt: number): void {
    if (this.y - heightPt < MARGIN) this.newPage();
  }

  private newPage(): void {
    this.page = this.doc.addPage(A4);
    this.y = A4[1] - MARGIN;
  }

  /** Greedy word wrap; a word wider than the line is cut. */
  private wrap(text: string, font: PDFFont, size: number, width: number): string[] {
    const words = winAnsiText(text).split(' ');
    const lines: string[] = [];
    let line = '';
    for (let word of words) {
      while (font.widthOfTextAtSize(word, size) > width && word.length > 1) {
        let cut = word.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(word.slice(0, cut), size) > width) cut--;
        if (line) lines.push(line);
        lines.push(word.slice(0, cut));
        line = '';
        word = word.slice(cut);
      }
      const next = line ? `${line} ${word}` : word;
      if (line && font.widthOfTextAtSize(next, size) > width) {
        lines.push(line);
        line = word;
      } else line = next;
    }
    lines.push(line);
    return lines;
  }
}
