import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Code,
  Group,
  SegmentedControl,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import type { FromGroupResult } from '@metamorph/contract';
import { IconArrowRight, IconUsersGroup } from '@tabler/icons-react';
import { Link } from 'react-router';
import { EmptyState } from '../../../components/EmptyState';
import { techniquePath } from '../../attack/attack-ids';
import { testTemplatePath } from '../LibraryTable';
import { effectiveAction, planSummary, toggleCandidate, type GroupPlan } from './from-group';

type Technique = FromGroupResult['techniques'][number];

const ACTION_COLORS = { reuse: 'teal', create: 'blue', skip: 'gray' } as const;
const ACTION_LABELS = { reuse: 'Reuse', create: 'New bare template', skip: 'Skip' } as const;

export interface PlanProps {
  preview: FromGroupResult;
  plan: GroupPlan;
}

export function PlanSummaryBadges({ preview, plan }: PlanProps) {
  const summary = planSummary(preview.techniques, plan);
  return (
    <Group gap="xs" data-testid="from-group-summary">
      <Badge color="teal" variant="light" tt="none">
        {summary.reused} template{summary.reused === 1 ? '' : 's'} reused
      </Badge>
      <Badge color="blue" variant="light" tt="none">
        {summary.created} bare template{summary.created === 1 ? '' : 's'} to create
      </Badge>
      <Badge color="gray" variant="light" tt="none">
        {summary.skipped} skipped
      </Badge>
      <Text size="sm" c="dimmed" data-testid="from-group-steps">
        → {summary.steps} step{summary.steps === 1 ? '' : 's'}
      </Text>
    </Group>
  );
}

export function PlanTable({
  preview,
  plan,
  onChange,
  onBack,
  onNext,
}: PlanProps & { onChange: (plan: GroupPlan) => void; onBack: () => void; onNext: () => void }) {
  const summary = planSummary(preview.techniques, plan);
  return (
    <Stack gap="md" mt="md" data-testid="from-group-preview" data-group={preview.group.external_id}>
      <Stack gap={2}>
        <Text fw={650}>
          {preview.group.name}{' '}
          <Code fz="xs" ml={4}>
            {preview.group.external_id}
          </Code>
        </Text>
        <Text size="sm" c="dimmed">
          {preview.techniques.length} live technique{preview.techniques.length === 1 ? '' : 's'}, in
          kill-chain order. Check the templates to use; uncheck them all to skip a technique.
        </Text>
      </Stack>
      {preview.techniques.length === 0 ? (
        <EmptyState icon={IconUsersGroup} title="No technique to emulate">
          ATT&CK attributes no live technique to this group.
        </EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing={8} layout="fixed" data-testid="from-group-techniques">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={36}>#</Table.Th>
                <Table.Th w="30%">Technique</Table.Th>
                <Table.Th>Test templates</Table.Th>
                <Table.Th w={170}>Step</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {preview.techniques.map((t, i) => (
                <TechniqueRow
                  key={t.external_id}
                  index={i}
                  technique={t}
                  plan={plan}
                  onChange={onChange}
                />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Group justify="space-between" gap="sm">
        <PlanSummaryBadges preview={preview} plan={plan} />
        <Group gap="sm">
          <Button variant="default" onClick={onBack}>
            Change group
          </Button>
          <Button
            rightSection={<IconArrowRight size={16} />}
            onClick={onNext}
            disabled={summary.steps === 0}
            data-testid="from-group-next"
          >
            Next
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}

function TechniqueRow({
  index,
  technique: t,
  plan,
  onChange,
}: {
  index: number;
  technique: Technique;
  plan: GroupPlan;
  onChange: (plan: GroupPlan) => void;
}) {
  const p = plan[t.external_id];
  const action = effectiveAction(p);
  return (
    <Table.Tr
      data-testid="from-group-technique"
      data-technique={t.external_id}
      data-action={action}
      style={{ opacity: action === 'skip' ? 0.6 : undefined }}
    >
      <Table.Td style={{ verticalAlign: 'top' }}>
        <Text size="sm" c="dimmed">
          {index + 1}
        </Text>
      </Table.Td>
      <Table.Td style={{ verticalAlign: 'top' }}>
        <Stack gap={2}>
          <Anchor
            component={Link}
            to={techniquePath(t.external_id)}
            ff="monospace"
            size="sm"
            fw={600}
          >
            {t.external_id}
          </Anchor>
          <Text size="sm">{t.name}</Text>
        </Stack>
      </Table.Td>
      <Table.Td style={{ verticalAlign: 'top' }}>
        {t.candidates.length > 0 ? (
          <Stack gap={6}>
            {t.candidates.map((c) => (
              <Checkbox
                key={c.id}
                size="sm"
                checked={p?.mode === 'reuse' && p.selected.includes(c.id)}
                onChange={() => onChange(toggleCandidate(plan, t.external_id, c.id))}
                label={
                  <Anchor component={Link} to={testTemplatePath(c.id)} target="_blank" size="sm">
                    {c.name}
                  </Anchor>
                }
                data-testid="from-group-candidate"
              />
            ))}
          </Stack>
        ) : (
          <SegmentedControl
            size="xs"
            value={p?.mode === 'skip' ? 'skip' : 'create'}
            onChange={(v) =>
              onChange({
                ...plan,
                [t.external_id]: v === 'skip' ? { mode: 'skip' } : { mode: 'create' },
              })
            }
            data={[
              { value: 'create', label: 'Create bare template' },
              { value: 'skip', label: 'Skip' },
            ]}
            aria-label={`${t.external_id}: create a bare template or skip`}
            data-testid="from-group-bare"
          />
        )}
      </Table.Td>
      <Table.Td style={{ verticalAlign: 'top' }}>
        <Badge
          color={ACTION_COLORS[action]}
          variant="light"
          tt="none"
          data-testid="from-group-action"
        >
          {ACTION_LABELS[action]}
          {action === 'reuse' && p?.mode === 'reuse' && p.selected.length > 1
            ? ` ×${p.selected.length}`
            : ''}
        </Badge>
      </Table.Td>
    </Table.Tr>
  );
}
