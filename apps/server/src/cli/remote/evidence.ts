import { openAsBlob } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { EvidenceSide, EvidenceUploadResult } from '@metamorph/contract';
import type { Command } from 'commander';
import { testPath } from './args.js';
import { usageError } from './errors.js';
import { remoteContext, type RemoteIo } from './output.js';

/** A local file as a Blob read from disk while it is sent (never loaded whole). */
export async function fileBlob(file: string): Promise<{ blob: Blob; name: string }> {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) throw usageError(`${file}: no such file`);
  return { blob: await openAsBlob(file), name: path.basename(file) };
}

/** `remote evidence upload`: one file to a test, multipart, streamed from disk. */
export function registerEvidenceCommands(remote: Command, io: RemoteIo): void {
  remote
    .command('evidence')
    .description('Evidence files of a test')
    .command('upload <testId> <file>')
    .description(
      'Upload a file (screenshot, log, capture) to a test; the same bytes twice give the existing record',
    )
    .requiredOption('--mission <id>', 'mission id')
    .option('--caption <text>', 'what the file shows')
    .option('--side <side>', 'red or blue (needed only when you hold both sides; default blue)')
    .action(
      async (
        testId: string,
        file: string,
        opts: { mission: string; caption?: string; side?: string },
        cmd: Command,
      ) => {
        if (opts.side !== undefined && !EvidenceSide.safeParse(opts.side).success) {
          throw usageError(`--side must be red or blue, not ${opts.side}`);
        }
        const p = `${testPath(opts.mission, testId)}/evidence`;
        const c = remoteContext(cmd, io);
        const { blob, name } = await fileBlob(file);
        const form = new FormData();
        if (opts.caption !== undefined) form.append('caption', opts.caption);
        if (opts.side !== undefined) form.append('side', opts.side);
        form.append('file', blob, name);
        const { data } = await c.client.json('POST', p, EvidenceUploadResult, {
          body: form,
          timeoutMs: null,
        });
        if (c.json) {
          c.print(data);
          return;
        }
        c.out(
          `${data.duplicate ? 'already on the test' : 'uploaded'}: ${data.original_filename} → evidence ${data.id} ` +
            `(${data.side}, ${data.mime}, ${data.size_bytes} bytes, sha256 ${data.sha256})`,
        );
      },
    );
}
