/**
 * Why a zip entry name is unsafe to use as a path (zip-slip), or null: a backslash, a NUL, an
 * absolute path (`/…` or a drive letter) or a `..` segment. Shared by every zip reader.
 */
export function unsafeEntryName(name: string): string | null {
  if (name.includes('\\')) return 'it contains a backslash';
  if (name.includes('\0')) return 'it contains a NUL character';
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return 'it is an absolute path';
  if (name.split('/').includes('..')) return "it contains a '..' segment";
  return null;
}
