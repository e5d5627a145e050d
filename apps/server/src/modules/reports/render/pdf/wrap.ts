/** Splits text into lines of at most `width` characters, preferring a break after a space. */
export function hardWrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    let line = raw.replace(/\s+$/, '');
    while (line.length > width) {
      const slice = line.slice(0, width);
      const at = Math.max(slice.lastIndexOf(' '), slice.lastIndexOf('\\'), slice.lastIndexOf('/'));
      const cut = at > width * 0.6 ? at + 1 : width;
      out.push(line.slice(0, cut));
      line = line.slice(cut);
    }
    out.push(line);
  }
  return out;
}
