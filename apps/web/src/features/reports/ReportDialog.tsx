import { Button, Checkbox, Group, Modal, Radio, SimpleGrid, Stack, Switch } from '@mantine/core';
import {
  REPORT_SECTIONS,
  REPORT_SECTION_LABELS,
  type Mission,
  type ReportFormat,
  type ReportOptions,
  type ReportSection,
} from '@metamorph/contract';
import { useState } from 'react';
import { useCreateReport } from '../../api/reports';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RedactionPreviewPanel } from './RedactionPreviewPanel';
import { ReportProgress } from './ReportProgress';
import { FORMAT_LABELS } from './ReportHistory';

/** The formats offered, in the order shown, each with what it is for. */
const DIALOG_FORMATS = ['pdf', 'docx', 'html', 'xlsx', 'pptx'] as const;
const FORMAT_HINTS: Record<(typeof DIALOG_FORMATS)[number], string> = {
  pdf: 'Paginated, ready to send',
  docx: 'An editable document',
  html: 'Opens offline in a browser',
  xlsx: 'A sheet per section',
  pptx: 'Slides for the readout meeting',
};

interface ReportDialogProps {
  mission: Mission;
  opened: boolean;
  onClose: () => void;
}

/** Choose format, sections and redaction, look at what will be masked, generate, download. */
export function ReportDialog({ mission, opened, onClose }: ReportDialogProps) {
  const create = useCreateReport(mission.id);
  const [format, setFormat] = useState<ReportFormat>('pdf');
  const [sections, setSections] = useState<ReportSection[]>([...REPORT_SECTIONS]);
  const [includeEvidence, setIncludeEvidence] = useState(true);
  const [includeHidden, setIncludeHidden] = useState(false);
  const [redact, setRedact] = useState(true);
  const options: ReportOptions = {
    sections: REPORT_SECTIONS.filter((s) => sections.includes(s)),
    include_evidence: includeEvidence,
    include_hidden: includeHidden,
    redact,
  };
  const started = create.data?.report ?? null;

  const close = () => {
    create.reset();
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title="Generate a report" size="lg" centered>
      {started ? (
        <ReportProgress report={started} jobId={create.data?.job.id ?? null} onDone={close} />
      ) : (
        <Stack gap="md" data-testid="report-dialog">
          <Radio.Group
            label="Format"
            value={format}
            onChange={(v) => setFormat(v as ReportFormat)}
            data-testid="report-format"
          >
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm" mt={6}>
              {DIALOG_FORMATS.map((f) => (
                <Radio
                  key={f}
                  value={f}
                  label={FORMAT_LABELS[f]}
                  description={FORMAT_HINTS[f]}
                  data-testid={`report-format-${f}`}
                />
              ))}
            </SimpleGrid>
          </Radio.Group>
          <Checkbox.Group
            label="Sections"
            description={
              format === 'pptx'
                ? 'The cover and the scope slide are always included. The deck draws on key numbers, the heat map, tactics, findings, the executive summary (next steps) and the detection levels.'
                : 'The cover is always included.'
            }
            value={sections}
            onChange={(v) => setSections(v as ReportSection[])}
          >
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing={6} mt={6}>
              {REPORT_SECTIONS.map((s) => (
                <Checkbox
                  key={s}
                  value={s}
                  label={REPORT_SECTION_LABELS[s]}
                  data-testid={`report-section-${s}`}
                />
              ))}
            </SimpleGrid>
          </Checkbox.Group>
          <Stack gap={8}>
            <Switch
              checked={includeEvidence}
              onChange={(e) => setIncludeEvidence(e.currentTarget.checked)}
              label="Evidence thumbnails in the test details"
            />
            {mission.sides.red && (
              <Switch
                checked={includeHidden}
                onChange={(e) => setIncludeHidden(e.currentTarget.checked)}
                label="Include tests hidden from blue"
                data-testid="report-include-hidden"
              />
            )}
            <Switch
              checked={redact}
              onChange={(e) => setRedact(e.currentTarget.checked)}
              label="Redact secrets (passwords, hashes, tickets, keys, tokens)"
              data-testid="report-redact"
            />
          </Stack>
          {redact && <RedactionPreviewPanel missionId={mission.id} options={options} />}
          {create.isError && <ErrorAlert error={create.error} title="The report could not start" />}
          <Group justify="flex-end" gap="sm">
            <Button variant="subtle" onClick={close}>
              Cancel
            </Button>
            <Button
              disabled={sections.length === 0}
              loading={create.isPending}
              onClick={() => create.mutate({ format, options })}
              data-testid="report-generate"
            >
              Generate {FORMAT_LABELS[format]}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
