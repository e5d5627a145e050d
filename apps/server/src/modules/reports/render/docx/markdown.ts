/** Markdown blocks (../pdf/md-blocks.ts) as DOCX paragraphs: headings, lists, code, tables. */
import { ExternalHyperlink, Paragraph, TextRun, BorderStyle, type ParagraphChild } from 'docx';
import { parseMarkdown, runsText, type Block as MdBlock, type Run } from '../pdf/md-blocks.js';
import { codeBox, grid, spacer, type Block } from './blocks.js';
import { C, FONT_MONO } from './styles.js';

/** Each ordered list restarts at its own number: one numbering instance per list. */
let listInstance = 0;

function runs(list: readonly Run[], size?: number, bold = false): ParagraphChild[] {
  return list.flatMap((r): ParagraphChild[] => {
    const parts = r.text.split('\n');
    const made = parts.map(
      (text, i) =>
        new TextRun({
          text,
          break: i > 0 ? 1 : undefined,
          bold: bold || r.bold,
          italics: r.italic,
          font: r.code ? FONT_MONO : undefined,
          color: r.href ? C.link : r.code ? '862E9C' : undefined,
          underline: r.href ? {} : undefined,
          size: r.code && size ? size - 1 : size,
        }),
    );
    return r.href ? [new ExternalHyperlink({ link: r.href, children: made })] : made;
  });
}

function block(b: MdBlock, depth: number, size: number | undefined, out: Block[]): void {
  switch (b.kind) {
    case 'heading':
      out.push(
        new Paragraph({
          keepNext: true,
          spacing: { before: 160, after: 60 },
          children: runs(b.runs, b.level <= 2 ? 24 : 21, true),
        }),
      );
      return;
    case 'paragraph':
      out.push(
        new Paragraph({
          children: runs(b.runs, size),
          indent: depth ? { left: 360 * depth } : undefined,
        }),
      );
      return;
    case 'list': {
      const instance = ++listInstance;
      for (const item of b.items) {
        item.forEach((child, i) => {
          if (i === 0 && child.kind === 'paragraph') {
            out.push(
              new Paragraph({
                numbering: b.ordered
                  ? { reference: 'numbers', level: Math.min(depth, 3), instance }
                  : { reference: 'bullets', level: Math.min(depth, 3) },
                spacing: { after: 40 },
                children: runs(child.runs, size),
              }),
            );
          } else block(child, depth + 1, size, out);
        });
      }
      return;
    }
    case 'code':
      out.push(...codeBox(b.text));
      return;
    case 'quote':
      for (const child of b.blocks) {
        const before = out.length;
        block(child, depth + 1, size, out);
        for (let i = before; i < out.length; i++) {
          const p = out[i];
          if (p instanceof Paragraph && child.kind === 'paragraph') {
            out[i] = new Paragraph({
              indent: { left: 360 * (depth + 1) },
              border: { left: { style: BorderStyle.SINGLE, size: 12, color: C.rule, space: 8 } },
              children: [
                new TextRun({ text: runsText(child.runs), color: C.muted, italics: true }),
              ],
            });
          }
        }
      }
      return;
    case 'table': {
      const cols = Math.max(b.header.length, ...b.rows.map((r) => r.length), 1);
      out.push(
        grid(
          Array.from({ length: cols }, (_, i) => ({
            header: runsText(b.header[i] ?? []),
            share: 1,
          })),
          b.rows.map((r) => Array.from({ length: cols }, (_, i) => runsText(r[i] ?? []))),
        ),
        spacer(),
      );
      return;
    }
    case 'rule':
      out.push(
        new Paragraph({
          border: { bottom: { style: BorderStyle.SINGLE, size: 4, color: C.rule, space: 1 } },
          children: [],
        }),
      );
      return;
  }
}

/** Markdown as DOCX blocks; empty input gives none. */
export function markdown(source: string | null | undefined, size?: number): Block[] {
  const out: Block[] = [];
  for (const b of parseMarkdown(source)) block(b, 0, size, out);
  return out;
}
