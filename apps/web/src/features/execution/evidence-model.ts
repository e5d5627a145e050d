/** Clipboard files → named files the server accepts (extension from the type). */

const EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'text/plain': 'txt',
};

const pad = (n: number) => String(n).padStart(2, '0');

/** "pasted-20261129-143005.png": clipboard screenshots all arrive named "image.png". */
export function pastedName(mime: string, at: Date, index = 0): string {
  const ext = EXTENSIONS[mime] ?? 'bin';
  const stamp = `${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}-${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}`;
  return `pasted-${stamp}${index > 0 ? `-${index + 1}` : ''}.${ext}`;
}

/** The files of a paste (none for plain text), renamed so every paste has a distinct name. */
export function pastedFiles(data: DataTransfer | null, at: Date): File[] {
  if (!data) return [];
  const out: File[] = [];
  const fromItems = Array.from(data.items ?? [])
    .filter((i) => i.kind === 'file')
    .map((i) => i.getAsFile())
    .filter((f): f is File => f !== null);
  const files = fromItems.length > 0 ? fromItems : Array.from(data.files ?? []);
  files.forEach((f, i) => {
    const generic = !f.name || /^image\.\w+$/i.test(f.name);
    out.push(generic ? new File([f], pastedName(f.type, at, i), { type: f.type }) : f);
  });
  return out;
}
