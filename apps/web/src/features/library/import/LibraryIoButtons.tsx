import { Button } from '@mantine/core';
import { IconFileImport, IconTransfer } from '@tabler/icons-react';
import { useState } from 'react';
import { useCan } from '../../auth/current-user';
import { ImportAtomicsDialog } from './ImportAtomicsDialog';
import { LibraryDocumentDialog } from './LibraryDocumentDialog';

/** The library header's import and export buttons, with their dialogs. */
export function LibraryIoButtons() {
  const canWrite = useCan('library.write');
  const [open, setOpen] = useState<'atomics' | 'document' | null>(null);
  return (
    <>
      <Button
        variant="default"
        leftSection={<IconTransfer size={16} />}
        onClick={() => setOpen('document')}
        data-testid="library-io-document"
      >
        Export / import
      </Button>
      {canWrite && (
        <Button
          variant="default"
          leftSection={<IconFileImport size={16} />}
          onClick={() => setOpen('atomics')}
          data-testid="library-io-atomics"
        >
          Import Atomic Red Team
        </Button>
      )}
      <LibraryDocumentDialog opened={open === 'document'} onClose={() => setOpen(null)} />
      {canWrite && (
        <ImportAtomicsDialog opened={open === 'atomics'} onClose={() => setOpen(null)} />
      )}
    </>
  );
}
