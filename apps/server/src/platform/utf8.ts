const BOM = '\uFEFF';

/** Decodes strict UTF-8 (a BOM is dropped); any invalid byte sequence is refused. */
export function decodeUtf8(
  content: Buffer,
): { ok: true; text: string } | { ok: false; error: string } {
  if (content.length >= 2) {
    const [a, b] = [content[0], content[1]];
    if ((a === 0xff && b === 0xfe) || (a === 0xfe && b === 0xff)) {
      return { ok: false, error: 'the file is UTF-16 text; save it as UTF-8' };
    }
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(content);
    return { ok: true, text: text.startsWith(BOM) ? text.slice(1) : text };
  } catch {
    return { ok: false, error: 'the file is not valid UTF-8 text' };
  }
}
