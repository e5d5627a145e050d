import type { ScenarioTemplate } from '@metamorph/contract';
import { useDeleteScenario } from '../../../api/library-scenarios';
import { VersionedDeleteDialog } from '../../../components/VersionedDeleteDialog';

interface DeleteScenarioDialogProps {
  scenario: Pick<ScenarioTemplate, 'id' | 'name' | 'version'> | null;
  onClose: () => void;
  onDeleted?: () => void;
}

/** Confirms, deletes the version read (409 when someone saved since), then back to the list. */
export function DeleteScenarioDialog({ scenario, onClose, onDeleted }: DeleteScenarioDialogProps) {
  const remove = useDeleteScenario();
  return (
    <VersionedDeleteDialog
      target={scenario}
      title="Delete scenario?"
      remove={remove}
      redirectTo="/library/scenarios"
      onClose={onClose}
      onDeleted={onDeleted}
    >
      <b>{scenario?.name}</b> leaves the library. Its test templates stay, and missions already
      planned keep their own copy.
    </VersionedDeleteDialog>
  );
}
