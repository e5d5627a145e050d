import {
  Alert,
  Badge,
  Button,
  Divider,
  FileButton,
  Group,
  Modal,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import type { LibraryImportResult } from '@metamorph/contract';
import { IconCircleCheck, IconDownload, IconFileImport } from '@tabler/icons-react';
import { useState } from 'react';
import { useExportLibrary, useImportLibraryDocument } from '../../../api/library-io';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useCan } from '../../auth/current-user';
import { downloadJson, exportFileName, readLibraryDocument } from './library-document';

interface LibraryDocumentDialogProps {
  opened: boolean;
  onClose: () => void;
}

/** Export the library as a JSON document, or import one (templates matched by key). */
export function LibraryDocumentDialog({ opened, onClose }: LibraryDocumentDialogProps) {
  const canWrite = useCan('library.write');
  const exporter = useExportLibrary();
  const importer = useImportLibraryDocument();
  const [picked, setPicked] = useState<{ name: string; tests: number; scenarios: number } | null>(
    null,
  );
  const [readError, setReadError] = useState<string | null>(null);

  const exportAll = () =>
    exporter.mutate(undefined, {
      onSuccess: (doc) => downloadJson(doc, exportFileName(doc.exported_at)),
    });
  const pick = async (file: File | null) => {
    if (!file) return;
    importer.reset();
    setReadError(null);
    setPicked(null);
    const read = readLibraryDocument(await file.text());
    if (!read.ok) {
      setReadError(`${file.name}: ${read.message}`);
      return;
    }
    setPicked({ name: file.name, tests: read.tests, scenarios: read.scenarios });
    importer.mutate(read.document);
  };
  const close = () => {
    exporter.reset();
    importer.reset();
    setPicked(null);
    setReadError(null);
    onClose();
  };

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={<Text fw={600}>Export or import the library</Text>}
      size="lg"
      centered
    >
      <Stack gap="md" data-testid="library-document-dialog">
        <Stack gap="xs">
          <Text fw={600} size="sm">
            Export
          </Text>
          <Text size="sm" c="dimmed">
            Every test and scenario template as one versioned JSON document, keyed so another
            Metamorph (or this one, later) can import it.
          </Text>
          <Button
            variant="default"
            leftSection={<IconDownload size={16} />}
            onClick={exportAll}
            loading={exporter.isPending}
            w="fit-content"
            data-testid="library-export"
          >
            Download the library
          </Button>
          {exporter.isError && <ErrorAlert error={exporter.error} title="The export failed" />}
        </Stack>
        {canWrite && (
          <>
            <Divider />
            <Stack gap="xs">
              <Text fw={600} size="sm">
                Import
              </Text>
              <Text size="sm" c="dimmed">
                A library document (.json). Templates are matched by key: new keys are created,
                changed ones updated, the rest left as they are. All or nothing.
              </Text>
              <FileButton onChange={(f) => void pick(f)} accept=".json,application/json">
                {(props) => (
                  <Button
                    {...props}
                    leftSection={<IconFileImport size={16} />}
                    loading={importer.isPending}
                    w="fit-content"
                    data-testid="library-import"
                  >
                    Choose a document…
                  </Button>
                )}
              </FileButton>
              {readError && (
                <Alert color="red" variant="light" data-testid="library-import-unreadable">
                  {readError}
                </Alert>
              )}
              {importer.isError && (
                <ErrorAlert
                  error={importer.error}
                  title={`${picked?.name ?? 'The document'} was not imported`}
                />
              )}
              {importer.isSuccess && picked && (
                <ImportResult name={picked.name} result={importer.data} />
              )}
            </Stack>
          </>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close} data-testid="library-document-close">
            Close
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function ImportResult({ name, result }: { name: string; result: LibraryImportResult }) {
  const rows = [
    ['Test templates', result.tests],
    ['Scenarios', result.scenarios],
  ] as const;
  const changed =
    result.tests.created +
    result.tests.updated +
    result.scenarios.created +
    result.scenarios.updated;
  return (
    <Alert
      color="teal"
      variant="light"
      icon={<IconCircleCheck size={18} />}
      title={changed ? `Imported ${name}` : `${name}: the library already had all of it`}
      data-testid="library-import-result"
    >
      <Table withRowBorders={false} verticalSpacing={2} w="fit-content">
        <Table.Tbody>
          {rows.map(([label, c]) => (
            <Table.Tr
              key={label}
              data-testid={`library-import-${label === 'Scenarios' ? 'scenarios' : 'tests'}`}
            >
              <Table.Td pl={0}>
                <Text size="sm">{label}</Text>
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  <Badge size="sm" variant={c.created ? 'light' : 'default'} color="teal" tt="none">
                    {c.created} created
                  </Badge>
                  <Badge size="sm" variant={c.updated ? 'light' : 'default'} color="blue" tt="none">
                    {c.updated} updated
                  </Badge>
                  <Badge size="sm" variant="default" tt="none">
                    {c.unchanged} unchanged
                  </Badge>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Alert>
  );
}
