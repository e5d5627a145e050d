import { Button, Menu } from '@mantine/core';
import type { Mission } from '@metamorph/contract';
import { IconChevronDown, IconDownload } from '@tabler/icons-react';
import { missionApiPath } from '../../api/missions';
import { useCan } from '../auth/current-user';

/** Downloads of the mission's results: tests as CSV / XLSX / JSON, the Navigator layer. */
export function ExportMenu({ mission }: { mission: Mission }) {
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
          data-testid="export-menu"
        >
          Export
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Tests, every field</Menu.Label>
        {item('CSV spreadsheet', '/export?format=csv', 'export-csv')}
        {item('Excel workbook (XLSX)', '/export?format=xlsx', 'export-xlsx')}
        {item('JSON', '/export?format=json', 'export-json')}
        <Menu.Label>ATT&CK</Menu.Label>
        {item('Navigator layer (worst outcome)', '/layer?rule=worst', 'export-layer')}
        {item('Navigator layer (latest outcome)', '/layer?rule=latest', 'export-layer-latest')}
      </Menu.Dropdown>
    </Menu>
  );
}
