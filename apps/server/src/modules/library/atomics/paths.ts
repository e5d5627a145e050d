/** One input file of an ART import: its content, or why it could not be read. */
export type AtomicsSourceFile = { name: string; content: Buffer } | { name: string; error: string };

/**
 * Folders never walked, at any depth: ART's generated `Indexes`, and the `src` / `bin` payload
 * folders beside technique files (they can hold unrelated YAML, e.g. Kubernetes manifests).
 * Dot-folders and dot-files (`.git`, macOS `._x.yaml`) are skipped too.
 */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['Indexes', 'src', 'bin']);

/** `.yaml` / `.yml`, any case. */
export function isYamlName(name: string): boolean {
  return /\.ya?ml$/i.test(name);
}

/** Whether a relative path (with `/`) goes through a skipped or dot folder, or is a dot-file. */
export function isSkippedPath(relative: string): boolean {
  const parts = relative.split('/').filter((s) => s !== '');
  return parts.some(
    (part, i) => part.startsWith('.') || (i < parts.length - 1 && SKIPPED_FOLDERS.has(part)),
  );
}
