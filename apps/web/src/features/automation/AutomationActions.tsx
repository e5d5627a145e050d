import { Button } from '@mantine/core';
import type { Mission } from '@metamorph/contract';
import { IconFileSpreadsheet, IconRobot } from '@tabler/icons-react';
import { useState } from 'react';
import { ImportResultsDialog } from './ImportResultsDialog';
import { PlanImportDialog } from './PlanImportDialog';

/** The plan's automation entries: results from logs (red side), a plan from a sheet (leads). */
export function AutomationActions({ mission }: { mission: Mission }) {
  const [open, setOpen] = useState<'results' | 'plan' | null>(null);
  return (
    <>
      {mission.sides.red && (
        <Button
          variant="default"
          leftSection={<IconRobot size={16} />}
          onClick={() => setOpen('results')}
          data-testid="plan-import-results"
        >
          Import results
        </Button>
      )}
      {mission.can_manage && (
        <Button
          variant="default"
          leftSection={<IconFileSpreadsheet size={16} />}
          onClick={() => setOpen('plan')}
          data-testid="plan-import-sheet"
        >
          Plan from spreadsheet
        </Button>
      )}
      <ImportResultsDialog
        missionId={mission.id}
        opened={open === 'results'}
        onClose={() => setOpen(null)}
      />
      <PlanImportDialog
        missionId={mission.id}
        opened={open === 'plan'}
        onClose={() => setOpen(null)}
      />
    </>
  );
}
