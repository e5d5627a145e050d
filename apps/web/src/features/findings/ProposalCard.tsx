import {
  Badge,
  Card,
  Checkbox,
  Collapse,
  Group,
  Menu,
  Button,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import type { FindingSeverity } from '@metamorph/contract';
import { IconArrowMerge, IconChevronDown, IconChevronUp } from '@tabler/icons-react';
import { useState } from 'react';
import { GAP_REASONS } from '../execution/BlueZone';
import { MarkdownField } from '../library/MarkdownField';
import { SEVERITIES, SEVERITY_META, type ProposalDraft } from './finding-model';

/** One drafted finding under review: keep or drop it, edit it, or merge another into it. */
export function ProposalCard({
  proposal: p,
  others,
  onChange,
  onMerge,
}: {
  proposal: ProposalDraft;
  /** The other proposals it can absorb. */
  others: readonly ProposalDraft[];
  onChange: (patch: Partial<ProposalDraft>) => void;
  onMerge: (fromKey: string) => void;
}) {
  const [open, setOpen] = useState(false);
  return (
    <Card
      withBorder
      p="md"
      data-testid="proposal"
      data-key={p.key}
      data-keep={p.keep || undefined}
      style={p.keep ? undefined : { opacity: 0.6 }}
    >
      <Stack gap="sm">
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <Checkbox
            mt={30}
            checked={p.keep}
            onChange={(e) => onChange({ keep: e.currentTarget.checked })}
            aria-label={`Keep “${p.title}”`}
            data-testid="proposal-keep"
          />
          <TextInput
            label="Title"
            style={{ flex: 1 }}
            value={p.title}
            onChange={(e) => onChange({ title: e.currentTarget.value })}
            disabled={!p.keep}
            data-testid="proposal-title"
          />
          <Select
            label="Severity"
            w={140}
            data={SEVERITIES.map((s) => ({ value: s, label: SEVERITY_META[s].label }))}
            value={p.severity}
            onChange={(v) => v && onChange({ severity: v as FindingSeverity })}
            allowDeselect={false}
            disabled={!p.keep}
            data-testid="proposal-severity"
          />
        </Group>
        <Group gap="xs" justify="space-between">
          <Group gap={6}>
            {p.technique_ids.map((t) => (
              <Badge key={t} size="sm" variant="light" color="purple" ff="monospace" tt="none">
                {t}
              </Badge>
            ))}
            <Text size="xs" className="mm-muted" data-testid="proposal-tests">
              {p.test_ids.length} test{p.test_ids.length === 1 ? '' : 's'}
              {p.gap_reason
                ? ` · ${GAP_REASONS.find((g) => g.value === p.gap_reason)?.label ?? p.gap_reason}`
                : ''}
            </Text>
          </Group>
          <Group gap="xs">
            {others.length > 0 && p.keep && (
              <Menu position="bottom-end" withinPortal>
                <Menu.Target>
                  <Button
                    size="compact-sm"
                    variant="default"
                    leftSection={<IconArrowMerge size={14} />}
                    data-testid="proposal-merge"
                  >
                    Merge into this
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  {others.map((o) => (
                    <Menu.Item
                      key={o.key}
                      onClick={() => onMerge(o.key)}
                      data-testid="proposal-merge-item"
                    >
                      {o.title}
                    </Menu.Item>
                  ))}
                </Menu.Dropdown>
              </Menu>
            )}
            <Button
              size="compact-sm"
              variant="subtle"
              rightSection={open ? <IconChevronUp size={14} /> : <IconChevronDown size={14} />}
              onClick={() => setOpen((o) => !o)}
              aria-expanded={open}
              data-testid="proposal-expand"
            >
              {open ? 'Hide text' : 'Edit text'}
            </Button>
          </Group>
        </Group>
        <Collapse expanded={open}>
          <Stack gap="sm">
            <MarkdownField
              label="Description"
              value={p.description_md}
              onChange={(v) => onChange({ description_md: v ?? '' })}
              testId="proposal-description"
            />
            <MarkdownField
              label="Recommendation"
              value={p.recommendation_md}
              onChange={(v) => onChange({ recommendation_md: v })}
              testId="proposal-recommendation"
            />
          </Stack>
        </Collapse>
      </Stack>
    </Card>
  );
}
