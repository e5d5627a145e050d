/**
 * `Content-Disposition` with an ASCII fallback (`filename`, quotes, backslashes, `%` and `;`
 * replaced) and the RFC 5987 UTF-8 name (`filename*`), which browsers prefer.
 */
export function contentDisposition(
  type: 'attachment' | 'inline',
  name: string,
  opts: { fallback?: string; ascii?: string } = {},
): string {
  const ascii =
    (opts.ascii ?? name).replace(/[^\x20-\x7e]/g, '_').replace(/["\\%;]/g, '_') ||
    (opts.fallback ?? 'download');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
