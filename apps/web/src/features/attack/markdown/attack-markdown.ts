/**
 * ATT&CK descriptions are Markdown with two quirks: sources cited inline as
 * "(Citation: Name)" and the odd `<code>…</code>` HTML tag. The Markdown renderer
 * shows raw HTML as text (never as markup), so both are turned into plain
 * Markdown here: citations into numbered `#cite-N` links, rendered as superscripts,
 * and `<code>` into code spans.
 */

export interface PreparedMarkdown {
  markdown: string;
  /** Cited source names, in order of first appearance; marker N is `citations[N - 1]`. */
  citations: string[];
}

const CITATION = /\s*\(Citation:\s*([^()]*?)\s*\)/g;
const CODE_TAG = /<code>([^<`]*)<\/code>/gi;
const CITE_HREF = /^#cite-(\d+)$/;

/** Replaces citations and `<code>` tags. `known` continues the numbering of another text. */
export function prepareAttackMarkdown(text: string, known: string[] = []): PreparedMarkdown {
  const citations = [...known];
  const markdown = text
    .replace(CODE_TAG, (_, code: string) => (code ? `\`${code}\`` : ''))
    .replace(CITATION, (_, name: string) => {
      if (!name) return '';
      let index = citations.indexOf(name);
      if (index === -1) index = citations.push(name) - 1;
      return `[${index + 1}](#cite-${index + 1})`;
    });
  return { markdown, citations };
}

/** The citation number of a `#cite-N` link produced above, else null. */
export function citationNumber(href: string | undefined): number | null {
  const m = href ? CITE_HREF.exec(href) : null;
  return m?.[1] ? Number(m[1]) : null;
}

/** The description without citations and Markdown markup: for one-line previews. */
export function plainSummary(text: string, maxLength = 220): string {
  const plain = text
    .replace(CITATION, '')
    .replace(CODE_TAG, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`#>]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (plain.length <= maxLength) return plain;
  const cut = plain.slice(0, maxLength);
  const space = cut.lastIndexOf(' ');
  return `${(space > maxLength * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
