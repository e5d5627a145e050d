import type { Mission } from '@metamorph/contract';
import { missionApiPath } from '../../api/missions';
import { DownloadMenu } from '../../components/DownloadMenu';
import { useCan } from '../auth/current-user';

/** Downloads of the mission's results: tests as CSV / XLSX / JSON, the Navigator layer. */
export function ExportMenu({ mission }: { mission: Mission }) {
  const canExport = useCan('report.export');
  if (!canExport) return null;
  const href = (path: string) => missionApiPath(mission.id, path);
  return (
    <DownloadMenu
      testId="export-menu"
      groups={[
        {
          label: 'Tests, every field',
          items: [
            { label: 'CSV spreadsheet', href: href('/export?format=csv'), testId: 'export-csv' },
            {
              label: 'Excel workbook (XLSX)',
              href: href('/export?format=xlsx'),
              testId: 'export-xlsx',
            },
            { label: 'JSON', href: href('/export?format=json'), testId: 'export-json' },
          ],
        },
        {
          label: 'ATT&CK',
          items: [
            {
              label: 'Navigator layer (worst outcome)',
              href: href('/layer?rule=worst'),
              testId: 'export-layer',
            },
            {
              label: 'Navigator layer (latest outcome)',
              href: href('/layer?rule=latest'),
              testId: 'export-layer-latest',
            },
          ],
        },
      ]}
    />
  );
}
