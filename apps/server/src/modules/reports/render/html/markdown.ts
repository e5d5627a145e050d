import MarkdownIt from 'markdown-it';

/**
 * Markdown from users rendered safely: raw HTML off (it is escaped), images off (an image would
 * be an external request in an offline report; its alt text is kept), links only http(s) and
 * mailto, opened in a new tab without a referrer.
 */
const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
md.disable(['image']);
md.validateLink = (url) => /^(https?:|mailto:)/i.test(url.trim());
const defaultLinkOpen =
  md.renderer.rules.link_open ??
  ((tokens, idx, opts, _env, self) => self.renderToken(tokens, idx, opts));
md.renderer.rules.link_open = (tokens, idx, opts, env, self) => {
  tokens[idx]!.attrSet('rel', 'noopener noreferrer');
  tokens[idx]!.attrSet('target', '_blank');
  return defaultLinkOpen(tokens, idx, opts, env, self);
};

export function renderMarkdown(text: string): string {
  return md.render(text);
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}
