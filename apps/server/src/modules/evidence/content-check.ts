import { ErrorCode } from '@metamorph/contract';
import { TextDecoder } from 'node:util';
import { fileTypeFromBuffer } from 'file-type';
import { DomainError } from '../../platform/errors.js';

/** How much of the start of a file the sniffers look at. */
const HEAD_BYTES = 16 * 1024;

const startsWith = (head: Buffer, ...magic: number[][]) =>
  magic.some((m) => head.length >= m.length && m.every((b, i) => head[i] === b));

/** Magic numbers file-type does not know (or knows under a broader name). */
const MAGIC: Record<string, (head: Buffer) => boolean> = {
  // "ElfFile\0": the Windows XML event log file header.
  evtx: (h) => startsWith(h, [0x45, 0x6c, 0x66, 0x46, 0x69, 0x6c, 0x65, 0x00]),
  // libpcap, both byte orders, microsecond and nanosecond variants.
  pcap: (h) =>
    startsWith(
      h,
      [0xa1, 0xb2, 0xc3, 0xd4],
      [0xd4, 0xc3, 0xb2, 0xa1],
      [0xa1, 0xb2, 0x3c, 0x4d],
      [0x4d, 0x3c, 0xb2, 0xa1],
    ),
  // pcapng section header block.
  pcapng: (h) => startsWith(h, [0x0a, 0x0d, 0x0d, 0x0a]),
  // Local file header, empty archive, spanned archive (docx, jar… are zips too).
  zip: (h) =>
    startsWith(h, [0x50, 0x4b, 0x03, 0x04], [0x50, 0x4b, 0x05, 0x06], [0x50, 0x4b, 0x07, 0x08]),
};

interface TypeRule {
  mime: string;
  /** text: valid UTF-8 that does not sniff as a binary type; binary: the magic must match. */
  kind: 'text' | 'binary';
  /** file-type results accepted for a binary type (when MAGIC has no check for it). */
  sniffed?: string[];
}

/** The types the server knows how to verify, with the mime each is stored and served as. */
export const EVIDENCE_TYPES: Record<string, TypeRule> = {
  png: { mime: 'image/png', kind: 'binary', sniffed: ['png', 'apng'] },
  jpg: { mime: 'image/jpeg', kind: 'binary', sniffed: ['jpg'] },
  jpeg: { mime: 'image/jpeg', kind: 'binary', sniffed: ['jpg'] },
  gif: { mime: 'image/gif', kind: 'binary', sniffed: ['gif'] },
  webp: { mime: 'image/webp', kind: 'binary', sniffed: ['webp'] },
  pdf: { mime: 'application/pdf', kind: 'binary', sniffed: ['pdf', 'ai'] },
  zip: { mime: 'application/zip', kind: 'binary' },
  evtx: { mime: 'application/octet-stream', kind: 'binary' },
  pcap: { mime: 'application/vnd.tcpdump.pcap', kind: 'binary' },
  pcapng: { mime: 'application/x-pcapng', kind: 'binary' },
  txt: { mime: 'text/plain', kind: 'text' },
  log: { mime: 'text/plain', kind: 'text' },
  json: { mime: 'application/json', kind: 'text' },
  csv: { mime: 'text/csv', kind: 'text' },
  xml: { mime: 'application/xml', kind: 'text' },
};

/** Images a browser may preview inline (never SVG: it can carry script). */
export const INLINE_MIMES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** Text-shaped results of file-type that a text file may legitimately sniff as. */
const TEXTUAL_SNIFFS = new Set(['xml', 'svg', 'html', 'ics', 'vtt', 'srt']);

const refused = (ext: string, looked: string) =>
  new DomainError(
    ErrorCode.UnsupportedMediaType,
    `The content does not match the .${ext} extension: it looks like ${looked}`,
    { context: { extension: ext, detected: looked } },
  );

/**
 * Watches an upload as it streams past (no second read, nothing buffered beyond the first
 * 16 KiB): keeps the head for sniffing and, for text types, validates UTF-8 incrementally.
 */
export class ContentInspector {
  private readonly head: Buffer[] = [];
  private headLength = 0;
  private readonly decoder: TextDecoder | undefined;
  private utf8Valid = true;

  constructor(readonly ext: string) {
    const rule = EVIDENCE_TYPES[ext];
    this.decoder =
      rule?.kind === 'text'
        ? new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
        : undefined;
  }

  async *watch(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    for await (const chunk of source) {
      if (this.headLength < HEAD_BYTES) {
        const take = chunk.subarray(0, HEAD_BYTES - this.headLength);
        this.head.push(Buffer.from(take));
        this.headLength += take.length;
      }
      if (this.decoder && this.utf8Valid) {
        try {
          this.decoder.decode(chunk, { stream: true });
        } catch {
          this.utf8Valid = false;
        }
      }
      yield chunk;
    }
    if (this.decoder && this.utf8Valid) {
      try {
        this.decoder.decode();
      } catch {
        this.utf8Valid = false;
      }
    }
  }

  /** The canonical mime of the extension, or 415 naming what the content looked like. */
  async verify(): Promise<string> {
    const head = Buffer.concat(this.head);
    const ext = this.ext;
    const magic = Object.entries(MAGIC).find(([, check]) => check(head))?.[0];
    const sniff = await fileTypeFromBuffer(head).catch(() => undefined);
    const looked = magic
      ? `.${magic}`
      : sniff
        ? `${sniff.mime} (.${sniff.ext})`
        : 'unrecognised binary data';
    const rule = EVIDENCE_TYPES[ext];
    if (!rule) {
      // An extension an admin allowed that we have no rule for: file-type must agree.
      if (sniff?.ext === ext) return sniff.mime;
      throw refused(ext, looked);
    }
    if (rule.kind === 'binary') {
      const check = MAGIC[ext];
      const ok = check ? check(head) : !!sniff && (rule.sniffed ?? []).includes(sniff.ext);
      if (!ok) throw refused(ext, this.describeForBinary(looked));
      return rule.mime;
    }
    if (!this.utf8Valid) throw refused(ext, 'binary data (not valid UTF-8 text)');
    const binaryMagic = magic && magic !== 'pcapng' ? magic : undefined;
    if (binaryMagic) throw refused(ext, looked);
    if (sniff && !TEXTUAL_SNIFFS.has(sniff.ext)) throw refused(ext, looked);
    return rule.mime;
  }

  private describeForBinary(looked: string): string {
    if (looked !== 'unrecognised binary data') return looked;
    return this.headLength === 0 ? 'an empty file' : looked;
  }
}
