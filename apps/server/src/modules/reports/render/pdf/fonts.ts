/**
 * The embedded fonts: DejaVu from the `dejavu-fonts-ttf` package (Latin-1, Latin Extended,
 * Greek, Cyrillic, typographic punctuation), resolved from node_modules — never downloaded.
 * pdfkit subsets them, so a report carries only the glyphs it uses.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ttf = (name: string): string => require.resolve(`dejavu-fonts-ttf/ttf/${name}.ttf`);

/** The body font's file, given to the document at creation so Helvetica is never loaded. */
export const BODY_FONT_FILE = ttf('DejaVuSans');

/**
 * Font keys. The body font is keyed by its file: pdfkit caches a font under the key it was
 * first opened with, and a second key for the same face (same PostScript name) would be
 * re-read from disk on every `font()` call.
 */
export const FONT = {
  body: BODY_FONT_FILE,
  bold: 'Bold',
  italic: 'Italic',
  boldItalic: 'BoldItalic',
  mono: 'Mono',
  monoBold: 'MonoBold',
} as const;
export type FontName = (typeof FONT)[keyof typeof FONT];

const FILES: Record<string, string> = {
  Bold: 'DejaVuSans-Bold',
  Italic: 'DejaVuSans-Oblique',
  BoldItalic: 'DejaVuSans-BoldOblique',
  Mono: 'DejaVuSansMono',
  MonoBold: 'DejaVuSansMono-Bold',
};

export function registerFonts(doc: PDFKit.PDFDocument): void {
  for (const [name, file] of Object.entries(FILES)) doc.registerFont(name, ttf(file));
}

/** The font of a styled run. */
export function runFont(bold: boolean, italic: boolean, code: boolean): FontName {
  if (code) return bold ? FONT.monoBold : FONT.mono;
  if (bold) return italic ? FONT.boldItalic : FONT.bold;
  return italic ? FONT.italic : FONT.body;
}
