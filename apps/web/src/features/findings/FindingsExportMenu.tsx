import type { Mission } from '@metamorph/contract';
import { missionApiPath } from '../../api/missions';
import { DownloadMenu } from '../../components/DownloadMenu';
import { useCan } from '../auth/current-user';

/** Downloads of the findings: CSV / XLSX, and the open findings as a Navigator layer. */
export function FindingsExportMenu({ mission }: { mission: Mission }) {
  const canExport = useCan('report.export');
  if (!canExport) return null;
  const href = (path: string) => missionApiPath(mission.id, path);
  return (
    <DownloadMenu
      testId="findings-export"
      groups={[
        {
          label: 'Findings',
          items: [
            {
              label: 'CSV spreadsheet',
              href: href('/findings/export?format=csv'),
              testId: 'findings-export-csv',
            },
            {
              label: 'Excel workbook (XLSX)',
              href: href('/findings/export?format=xlsx'),
              testId: 'findings-export-xlsx',
            },
          ],
        },
        {
          label: 'ATT&CK',
          items: [
            {
              label: 'Navigator layer (open findings)',
              href: href('/findings/layer'),
              testId: 'findings-export-layer',
            },
          ],
        },
      ]}
    />
  );
}
