import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Report, ReportAccepted, ReportFormat } from '@metamorph/contract';
import type { Command } from 'commander';
import { uuid } from './args.js';
import { usageError } from './errors.js';
import { remoteContext, type RemoteIo } from './output.js';

/** `remote report`: start a report job, follow it, download the file. */
export function registerReportCommand(remote: Command, io: RemoteIo): void {
  remote
    .command('report <missionId>')
    .description('Generate a mission report, follow the job with a progress bar, save the file')
    .requiredOption('--format <format>', `${ReportFormat.options.join(', ')}`)
    .requiredOption('-o, --output <file>', 'where to write the report')
    .action(async (missionId: string, opts: { format: string; output: string }, cmd: Command) => {
      const format = ReportFormat.safeParse(opts.format);
      if (!format.success) {
        throw usageError(
          `--format must be one of ${ReportFormat.options.join(', ')}, not ${opts.format}`,
        );
      }
      const dir = await stat(path.dirname(path.resolve(opts.output))).catch(() => undefined);
      if (!dir?.isDirectory()) throw usageError(`-o ${opts.output}: its folder does not exist`);
      const p = `/api/missions/${uuid('<missionId>', missionId)}/reports`;
      const c = remoteContext(cmd, io);
      const { data } = await c.client.json('POST', p, ReportAccepted, {
        body: { format: format.data },
      });
      await c.client.followJob(data.job);
      const id = encodeURIComponent(data.report.id);
      const bytes = await c.client.download(`/api/reports/${id}/content`, opts.output);
      const { data: report } = await c.client.json('GET', `/api/reports/${id}`, Report);
      if (c.json) c.print(report);
      else
        c.out(
          `wrote ${opts.output} (${format.data}, ${bytes} bytes, sha256 ${report.sha256 ?? '-'})`,
        );
    });
}
