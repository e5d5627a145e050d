import { Button, Menu } from '@mantine/core';
import type { Mission } from '@metamorph/contract';
import { IconChevronDown, IconDownload } from '@tabler/icons-react';
import { missionApiPath } from '../../api/missions';
import { useCan } from '../auth/current-user';

/** Downloads of the findings: CSV / XLSX, and the open findings as a Navigator layer. */
export function FindingsExportMenu({ mission }: { mission: Mission }) {
  const canExport = useCan('report.export');
  if (!canExport) return null;
  const item = (label: string, path: string, testId: string) => (
    <Menu.Item component="a" href={missionApiPath(mission.id, path)} download data-testid={testId}>
      {label}
    </Menu.Item>
  );
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          variant="default"
          leftSection={<IconDownload size={16} />}
          rightSection={<IconChevronDown size={14} />}
          data-testid="findings-export"
        >
          Export
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Findings</Menu.Label>
        {item('CSV spreadsheet', '/findings/export?format=csv', 'findings-export-csv')}
        {item('Excel workbook (XLSX)', '/findings/export?format=xlsx', 'findings-export-xlsx')}
        <Menu.Label>ATT&CK</Menu.Label>
        {item('Navigator layer (open findings)', '/findings/layer', 'findings-export-layer')}
      </Menu.Dropdown>
    </Menu>
  );
}
