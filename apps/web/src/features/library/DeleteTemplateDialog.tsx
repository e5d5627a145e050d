import type { TestTemplate } from '@metamorph/contract';
import { useDeleteTestTemplate } from '../../api/library';
import { VersionedDeleteDialog } from '../../components/VersionedDeleteDialog';

interface DeleteTemplateDialogProps {
  template: Pick<TestTemplate, 'id' | 'name' | 'version'> | null;
  onClose: () => void;
  /** Called once deleted, before going back to the list. */
  onDeleted?: () => void;
}

/** Confirms, deletes the version read (409 when someone saved since), then back to the list. */
export function DeleteTemplateDialog({ template, onClose, onDeleted }: DeleteTemplateDialogProps) {
  const remove = useDeleteTestTemplate();
  return (
    <VersionedDeleteDialog
      target={template}
      title="Delete test template?"
      remove={remove}
      redirectTo="/library"
      onClose={onClose}
      onDeleted={onDeleted}
    >
      <b>{template?.name}</b> leaves the library and the scenarios that list it. Missions already
      planned keep their own copy.
    </VersionedDeleteDialog>
  );
}
