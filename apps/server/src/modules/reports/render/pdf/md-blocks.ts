/**
 * Markdown (executive summary, procedures, comments, methodology) parsed with markdown-it into a
 * small, format-neutral block tree that the PDF and DOCX writers lay out. Raw HTML is off: a
 * `<script>` in a comment is text, never markup. Shared with render/docx/.
 */
import MarkdownIt, { type Token } from 'markdown-it';

export interface Run {
  text: string;
  bold: boolean;
  italic: boolean;
  code: boolean;
  href: string | null;
}

export type Block =
  | { kind: 'heading'; level: number; runs: Run[] }
  | { kind: 'paragraph'; runs: Run[] }
  | { kind: 'list'; ordered: boolean; start: number; items: Block[][] }
  | { kind: 'code'; text: string }
  | { kind: 'quote'; blocks: Block[] }
  | { kind: 'table'; header: Run[][]; rows: Run[][][] }
  | { kind: 'rule' };

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });

/** Inline tokens → styled runs; soft breaks become spaces, hard breaks newlines. */
export function inlineRuns(children: readonly Token[]): Run[] {
  const runs: Run[] = [];
  let bold = 0;
  let italic = 0;
  let href: string | null = null;
  const push = (text: string, code = false) => {
    if (text) runs.push({ text, bold: bold > 0, italic: italic > 0, code, href });
  };
  for (const t of children) {
    switch (t.type) {
      case 'text':
      case 'html_inline':
        push(t.content);
        break;
      case 'code_inline':
        push(t.content, true);
        break;
      case 'softbreak':
        push(' ');
        break;
      case 'hardbreak':
        push('\n');
        break;
      case 'strong_open':
        bold++;
        break;
      case 'strong_close':
        bold--;
        break;
      case 'em_open':
        italic++;
        break;
      case 'em_close':
        italic--;
        break;
      case 'link_open':
        href = String(t.attrGet('href') ?? '') || null;
        break;
      case 'link_close':
        href = null;
        break;
      case 'image':
        push(t.content ? `[image: ${t.content}]` : '[image]');
        break;
      default:
        if (t.content) push(t.content);
    }
  }
  return runs;
}

interface Frame {
  blocks: Block[];
  list?: Extract<Block, { kind: 'list' }>;
}

/** Parses markdown into blocks. Empty or null input gives no blocks. */
export function parseMarkdown(source: string | null | undefined): Block[] {
  if (!source || !source.trim()) return [];
  const tokens = md.parse(source, {});
  const root: Frame = { blocks: [] };
  const stack: Frame[] = [root];
  const top = (): Frame => stack[stack.length - 1] ?? root;
  let heading = 0;
  let table: Extract<Block, { kind: 'table' }> | null = null;
  let inHead = false;
  let row: Run[][] | null = null;

  for (const t of tokens) {
    switch (t.type) {
      case 'heading_open':
        heading = Number(t.tag.slice(1)) || 1;
        break;
      case 'heading_close':
        heading = 0;
        break;
      case 'inline': {
        const runs = inlineRuns(t.children ?? []);
        if (row) row.push(runs);
        else if (heading) top().blocks.push({ kind: 'heading', level: heading, runs });
        else top().blocks.push({ kind: 'paragraph', runs });
        break;
      }
      case 'bullet_list_open':
      case 'ordered_list_open': {
        const list: Extract<Block, { kind: 'list' }> = {
          kind: 'list',
          ordered: t.type === 'ordered_list_open',
          start: Number(t.attrGet('start') ?? 1) || 1,
          items: [],
        };
        top().blocks.push(list);
        stack.push({ blocks: [], list });
        break;
      }
      case 'list_item_open': {
        const frame = top();
        const item: Block[] = [];
        frame.list?.items.push(item);
        stack.push({ blocks: item });
        break;
      }
      case 'list_item_close':
      case 'bullet_list_close':
      case 'ordered_list_close':
      case 'blockquote_close':
        stack.pop();
        break;
      case 'blockquote_open': {
        const quote: Extract<Block, { kind: 'quote' }> = { kind: 'quote', blocks: [] };
        top().blocks.push(quote);
        stack.push({ blocks: quote.blocks });
        break;
      }
      case 'fence':
      case 'code_block':
        top().blocks.push({ kind: 'code', text: t.content.replace(/\n$/, '') });
        break;
      case 'hr':
        top().blocks.push({ kind: 'rule' });
        break;
      case 'table_open':
        table = { kind: 'table', header: [], rows: [] };
        top().blocks.push(table);
        break;
      case 'thead_open':
        inHead = true;
        break;
      case 'thead_close':
        inHead = false;
        break;
      case 'tr_open':
        row = [];
        break;
      case 'tr_close':
        if (table && row) {
          if (inHead) table.header = row;
          else table.rows.push(row);
        }
        row = null;
        break;
      case 'table_close':
        table = null;
        break;
      default:
        break;
    }
  }
  return root.blocks;
}

/** The plain text of runs (for measuring, captions and table cells). */
export const runsText = (runs: readonly Run[]): string => runs.map((r) => r.text).join('');
