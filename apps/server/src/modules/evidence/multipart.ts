import { ErrorCode, EvidenceSide } from '@metamorph/contract';
import type { FastifyRequest } from 'fastify';
import type { EvidenceStore, StagedEvidence } from '../../platform/blob/evidence-store.js';
import { evidenceTooLarge } from '../../platform/blob/evidence-store.js';
import { DomainError, badRequest, validationFailed } from '../../platform/errors.js';
import { ContentInspector } from './content-check.js';
import { cleanFilename, extensionOf } from './filename.js';
import { replaceNul } from '../../platform/http/text-hygiene.js';

export interface UploadLimits {
  maxBytes: number;
  /** Lower-case extensions without the dot. */
  allowedExtensions: readonly string[];
}

/** A verified upload, staged in the store and not yet in place. */
export interface ReceivedUpload {
  staged: StagedEvidence;
  /** With its dot: `.png`. */
  ext: string;
  mime: string;
  filename: string;
  caption: string | null | undefined;
  side: EvidenceSide | undefined;
}

const CAPTION_MAX = 2_000;

const notAllowed = (ext: string, allowed: readonly string[]) =>
  new DomainError(
    ErrorCode.UnsupportedMediaType,
    ext
      ? `.${ext} files are not accepted as evidence (allowed: ${allowed.join(', ')})`
      : `The file name has no extension; evidence must be one of: ${allowed.join(', ')}`,
    { context: { extension: ext || null, allowed } },
  );

/**
 * Reads the multipart body of an evidence upload: one file part (streamed through the content
 * inspector into the store, never buffered) and the optional fields `caption` and `side`, before
 * or after the file. Refuses a wrong type (415), an oversize file (413), an empty or missing
 * file and bad fields (422); on any refusal or failure nothing stays staged.
 */
export async function readEvidenceUpload(
  request: FastifyRequest,
  store: EvidenceStore,
  limits: UploadLimits,
): Promise<ReceivedUpload> {
  if (!request.isMultipart()) {
    throw new DomainError(
      ErrorCode.UnsupportedMediaType,
      'Send the evidence as multipart/form-data with one file part (and an optional caption)',
    );
  }
  let file: Omit<ReceivedUpload, 'caption' | 'side'> | undefined;
  let caption: string | null | undefined;
  let side: EvidenceSide | undefined;
  try {
    const parts = request.parts({
      limits: { fileSize: limits.maxBytes + 1, files: 2, fields: 10, parts: 12, fieldSize: 16_384 },
    });
    for await (const part of parts) {
      if (part.type === 'field') {
        // The same text rule as every JSON body: NUL kept visible as U+FFFD.
        const value = replaceNul(typeof part.value === 'string' ? part.value : '');
        if (part.fieldname === 'caption') {
          const trimmed = value.trim();
          if (part.valueTruncated || trimmed.length > CAPTION_MAX) {
            throw validationFailed([
              { path: 'caption', message: `must be at most ${CAPTION_MAX} characters` },
            ]);
          }
          caption = trimmed === '' ? null : trimmed;
        } else if (part.fieldname === 'side') {
          const parsed = EvidenceSide.safeParse(value);
          if (!parsed.success) {
            throw validationFailed([{ path: 'side', message: 'must be red or blue' }]);
          }
          side = parsed.data;
        }
        continue;
      }
      if (file) {
        part.file.resume();
        throw badRequest('Send one file per evidence upload');
      }
      const filename = cleanFilename(part.filename);
      const ext = extensionOf(filename);
      if (!ext || !limits.allowedExtensions.includes(ext)) {
        part.file.resume();
        throw notAllowed(ext, limits.allowedExtensions);
      }
      const inspector = new ContentInspector(ext);
      const staged = await store.stage(inspector.watch(part.file), { maxBytes: limits.maxBytes });
      file = { staged, ext: `.${ext}`, mime: '', filename };
      if (part.file.truncated) throw evidenceTooLarge(limits.maxBytes);
      if (staged.size === 0) throw validationFailed([{ path: 'file', message: 'is empty' }]);
      file.mime = await inspector.verify();
    }
  } catch (err) {
    await file?.staged.discard();
    throw err;
  }
  if (!file) throw validationFailed([{ path: 'file', message: 'is required (one file part)' }]);
  return { ...file, caption, side };
}
