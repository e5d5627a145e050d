import { Button, Stack } from '@mantine/core';
import type { Mission } from '@metamorph/contract';
import { IconFileReport } from '@tabler/icons-react';
import { useState } from 'react';
import { useCan } from '../auth/current-user';
import { ExecutiveSummaryCard } from './ExecutiveSummaryCard';
import { ReportDialog } from './ReportDialog';
import { ReportHistory } from './ReportHistory';

/** The mission's "Report" tab: the executive summary leads write and the reports written. */
export function ReportsTab({ mission }: { mission: Mission }) {
  const canExport = useCan('report.export');
  const [open, setOpen] = useState(false);
  return (
    <Stack gap="lg" data-testid="reports-tab">
      <ExecutiveSummaryCard mission={mission} />
      {canExport && (
        <ReportHistory
          missionId={mission.id}
          actions={
            <Button
              leftSection={<IconFileReport size={16} />}
              onClick={() => setOpen(true)}
              data-testid="report-new"
            >
              New report
            </Button>
          }
        />
      )}
      {canExport && <ReportDialog mission={mission} opened={open} onClose={() => setOpen(false)} />}
    </Stack>
  );
}
