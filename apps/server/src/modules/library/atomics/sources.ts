import { lstat, readFile, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { SKIPPED_FOLDERS, isYamlName, type AtomicsSourceFile } from './paths.js';
import { ATOMICS_MAX_FILE_BYTES } from './yaml.js';

export { filesFromZip, unsafeEntryName, ZIP_DEFAULT_LIMITS, type ZipLimits } from './zip.js';
export { SKIPPED_FOLDERS, isSkippedPath, isYamlName, type AtomicsSourceFile } from './paths.js';

function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

async function readCapped(file: string, name: string, size: number): Promise<AtomicsSourceFile> {
  if (size > ATOMICS_MAX_FILE_BYTES) {
    return {
      name,
      error: `the file is ${size} bytes; the limit is ${ATOMICS_MAX_FILE_BYTES} bytes (5 MiB)`,
    };
  }
  try {
    const content = await readFile(file);
    if (content.length > ATOMICS_MAX_FILE_BYTES) {
      return { name, error: `the file grew past ${ATOMICS_MAX_FILE_BYTES} bytes while read` };
    }
    return { name, content };
  } catch (err) {
    return { name, error: `the file could not be read: ${(err as Error).message}` };
  }
}

async function* walk(
  root: string,
  realRoot: string,
  dir: string,
): AsyncGenerator<AtomicsSourceFile> {
  let names: string[];
  try {
    names = (await readdir(dir)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  } catch (err) {
    const name = path.relative(root, dir).split(path.sep).join('/') || '.';
    yield { name, error: `the folder could not be read: ${(err as Error).message}` };
    return;
  }
  for (const entry of names) {
    const full = path.join(dir, entry);
    const name = path.relative(root, full).split(path.sep).join('/');
    if (entry.startsWith('.')) continue;
    let info;
    try {
      info = await lstat(full);
    } catch (err) {
      yield { name, error: `could not be read: ${(err as Error).message}` };
      continue;
    }
    if (info.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry)) yield* walk(root, realRoot, full);
      continue;
    }
    if (info.isSymbolicLink()) {
      // Symlinked folders are not followed (no loops; what they point to inside the root is
      // walked anyway); symlinked files are read only when they resolve inside the root.
      if (!isYamlName(entry)) continue;
      let target: string;
      try {
        target = await realpath(full);
      } catch {
        yield { name, error: 'a broken symbolic link; skipped' };
        continue;
      }
      if (!isInside(realRoot, target)) {
        yield { name, error: 'a symbolic link to outside the folder; skipped' };
        continue;
      }
      const targetInfo = await stat(target).catch(() => null);
      if (targetInfo?.isFile()) yield await readCapped(target, name, targetInfo.size);
      continue;
    }
    if (info.isFile() && isYamlName(entry)) yield await readCapped(full, name, info.size);
  }
}

/**
 * The ART files under `p`: `p` itself when it is a `.yaml` / `.yml` file, or every such file of
 * the folder tree, walked in sorted (code-unit) order. Names are relative to the folder, with
 * `/` (e.g. `T1003/T1003.yaml`), or the base name for a single file. Never throws.
 */
export async function* filesFromPath(p: string): AsyncGenerator<AtomicsSourceFile> {
  const root = path.resolve(p);
  let info;
  try {
    info = await stat(root);
  } catch (err) {
    yield { name: path.basename(root), error: `not found: ${(err as Error).message}` };
    return;
  }
  if (info.isFile()) {
    const name = path.basename(root);
    if (!isYamlName(name)) yield { name, error: 'not a .yaml or .yml file' };
    else yield await readCapped(root, name, info.size);
    return;
  }
  if (!info.isDirectory()) {
    yield { name: path.basename(root), error: 'neither a file nor a folder' };
    return;
  }
  yield* walk(root, await realpath(root).catch(() => root), root);
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const EMPTY_ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x05, 0x06]);

/**
 * What an upload is, from its first bytes and then its name: a zip by the magic `PK\x03\x04`
 * (or `PK\x05\x06`, an empty zip) whatever its name; otherwise YAML when named `.yaml` / `.yml`.
 */
export function detectUploadKind(name: string, head: Buffer): 'zip' | 'yaml' | 'unknown' {
  const start = head.subarray(0, 4);
  if (start.equals(ZIP_MAGIC) || start.equals(EMPTY_ZIP_MAGIC)) return 'zip';
  if (isYamlName(name)) return 'yaml';
  return 'unknown';
}
