import { Button, Popover, Stack, Switch, Text } from '@mantine/core';
import type { Mission } from '@metamorph/contract';
import { IconArchive, IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { archiveUrl } from '../../api/archive';
import { useCan } from '../auth/current-user';

/**
 * "Archive": the whole mission as a lossless ZIP (manifest + evidence), to move it to another
 * instance or keep it. Without blue team details it can go to red contractors.
 */
export function ArchiveExportButton({ mission }: { mission: Mission }) {
  const canExport = useCan('report.export');
  const [includeBlue, setIncludeBlue] = useState(true);
  if (!canExport) return null;
  return (
    <Popover position="bottom-end" withArrow shadow="md" width={320} trapFocus>
      <Popover.Target>
        <Button
          variant="default"
          leftSection={<IconArchive size={16} />}
          data-testid="archive-menu"
        >
          Archive
        </Button>
      </Popover.Target>
      <Popover.Dropdown data-testid="archive-popover">
        <Stack gap="sm">
          <Text size="sm">
            A ZIP of the whole mission: plan, red and blue results, members by email and every
            evidence file with its SHA-256. Another Metamorph imports it from the missions list.
          </Text>
          <Switch
            checked={includeBlue}
            onChange={(e) => setIncludeBlue(e.currentTarget.checked)}
            label="Include blue team details"
            description={
              includeBlue
                ? 'Detection levels, per-tool results, blue comments and blue evidence are in.'
                : 'Left out: detection levels, per-tool results, blue comments and blue evidence.'
            }
            data-testid="archive-include-blue"
          />
          <Button
            component="a"
            href={archiveUrl(mission.id, includeBlue)}
            download
            leftSection={<IconDownload size={16} />}
            data-testid="archive-download"
          >
            Download archive
          </Button>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
