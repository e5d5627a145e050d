import {
  Alert,
  Button,
  FileButton,
  Group,
  Modal,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { PlanImportMapping, type PlanImportResult } from '@metamorph/contract';
import { IconCheck, IconFileSpreadsheet, IconListCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { usePlanImport } from '../../api/automation';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PlanMappingForm, type MappingDraft } from './PlanMappingForm';
import { PlanRowsTable } from './PlanRowsTable';

interface Props {
  missionId: string;
  opened: boolean;
  onClose: () => void;
}

/**
 * Plan tests from a spreadsheet: choose a CSV or XLSX → map its columns (suggested from the
 * header names) → check every row → import them as one new scenario.
 */
export function PlanImportDialog({ missionId, opened, onClose }: Props) {
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<PlanImportResult | null>(null);
  const [checked, setChecked] = useState<PlanImportResult | null>(null);
  const [done, setDone] = useState<PlanImportResult | null>(null);
  const [mapping, setMapping] = useState<MappingDraft>({});
  const [scenarioName, setScenarioName] = useState('');
  const call = usePlanImport(missionId);
  const close = () => {
    setFile(null);
    setPreview(null);
    setChecked(null);
    setDone(null);
    setMapping({});
    setScenarioName('');
    call.reset();
    onClose();
  };
  const choose = (f: File | null, sheet: string | null = null) => {
    setFile(f);
    setPreview(null);
    setChecked(null);
    setDone(null);
    if (!f) return;
    call.mutate(
      { file: f, mapping: null, dryRun: true, sheet },
      {
        onSuccess: (p) => {
          setPreview(p);
          setMapping(p.suggested_mapping);
          setScenarioName(`Imported from ${f.name}`);
        },
      },
    );
  };
  const valid = PlanImportMapping.safeParse(mapping);
  const send = (dryRun: boolean) => {
    if (!file || !valid.success) return;
    call.mutate(
      { file, mapping: valid.data, scenarioName, dryRun, sheet: preview?.sheet },
      { onSuccess: (r) => (dryRun ? setChecked(r) : setDone(r)) },
    );
  };
  const errors = checked?.rows.filter((r) => r.status === 'error').length ?? 0;
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={<Text fw={600}>Plan tests from a spreadsheet</Text>}
      closeButtonProps={{ 'aria-label': 'Close the spreadsheet import' }}
      size="80rem"
      centered
    >
      <Stack gap="md" data-testid="plan-import-dialog">
        {done ? (
          <Alert
            color="teal"
            variant="light"
            icon={<IconCheck size={18} />}
            title="Planned"
            data-testid="plan-import-done"
          >
            {done.created === 1 ? '1 test was' : `${done.created} tests were`} added to the plan as
            a new scenario, “{scenarioName}”.
          </Alert>
        ) : (
          <>
            <Text size="sm" c="dimmed">
              A CSV or XLSX with a header row, one test per row. Nothing is written until you
              import; rows without a name stop the import, other problems are listed and the row is
              planned without the value.
            </Text>
            <Group>
              <FileButton
                onChange={(f) => choose(f)}
                accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              >
                {(props) => (
                  <Button
                    {...props}
                    variant="default"
                    leftSection={<IconFileSpreadsheet size={16} />}
                    data-testid="plan-import-choose"
                  >
                    {file ? file.name : 'Choose a spreadsheet'}
                  </Button>
                )}
              </FileButton>
              {preview && preview.sheets.length > 1 && (
                <Select
                  aria-label="Worksheet"
                  data={preview.sheets}
                  value={preview.sheet}
                  onChange={(v) => v && v !== preview.sheet && choose(file, v)}
                  allowDeselect={false}
                  w={220}
                  data-testid="plan-import-sheet-choice"
                />
              )}
            </Group>
            {preview && (
              <>
                <PlanMappingForm
                  preview={preview}
                  mapping={mapping}
                  onChange={(m) => {
                    setMapping(m);
                    setChecked(null);
                  }}
                />
                <TextInput
                  label="New scenario"
                  value={scenarioName}
                  onChange={(e) => setScenarioName(e.currentTarget.value)}
                  maxLength={200}
                  data-testid="plan-import-scenario"
                />
              </>
            )}
            {checked && <PlanRowsTable rows={checked.rows} />}
          </>
        )}
        {call.isError && <ErrorAlert error={call.error} title="The spreadsheet was refused" />}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={close} data-testid="plan-import-close">
            {done ? 'Close' : 'Cancel'}
          </Button>
          {preview && !done && (
            <>
              <Button
                variant="light"
                leftSection={<IconListCheck size={16} />}
                onClick={() => send(true)}
                disabled={!valid.success}
                loading={call.isPending}
                data-testid="plan-import-check"
              >
                Check rows
              </Button>
              <Button
                onClick={() => send(false)}
                disabled={!checked || errors > 0}
                loading={call.isPending}
                data-testid="plan-import-start"
              >
                {checked ? `Import ${checked.rows.length - errors} tests` : 'Import'}
              </Button>
            </>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
