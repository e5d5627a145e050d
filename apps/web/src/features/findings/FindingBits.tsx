import { Badge, Group, Text, Tooltip } from '@mantine/core';
import type { Finding, FindingSeverity, FindingStatus } from '@metamorph/contract';
import { IconFlag } from '@tabler/icons-react';
import { FINDING_STATUS_META, SEVERITY_META, findingLabel } from './finding-model';

export function SeverityBadge({ severity }: { severity: FindingSeverity }) {
  const meta = SEVERITY_META[severity];
  return (
    <Badge
      color={meta.color}
      variant={severity === 'critical' || severity === 'high' ? 'filled' : 'light'}
      size="sm"
      data-testid="finding-severity"
      data-severity={severity}
    >
      {meta.label}
    </Badge>
  );
}

export function FindingStatusBadge({ status }: { status: FindingStatus }) {
  const meta = FINDING_STATUS_META[status];
  return (
    <Badge
      color={meta.color}
      variant="light"
      size="sm"
      tt="none"
      data-testid="finding-status"
      data-status={status}
    >
      {meta.label}
    </Badge>
  );
}

/** "F-2" badges of the findings a test is linked to (plan rows). */
export function TestFindingBadges({ findings }: { findings: readonly Finding[] }) {
  if (findings.length === 0) return null;
  return (
    <Group gap={4} wrap="nowrap" data-testid="test-findings">
      {findings.map((f) => (
        <Tooltip
          key={f.id}
          label={`${findingLabel(f)}: ${f.title} (${FINDING_STATUS_META[f.status].label})`}
        >
          <Badge
            size="sm"
            variant="outline"
            color={f.status === 'retest_passed' ? 'teal' : 'red'}
            leftSection={<IconFlag size={11} />}
            tt="none"
            data-testid="test-finding-badge"
          >
            <Text span inherit>
              {findingLabel(f)}
            </Text>
          </Badge>
        </Tooltip>
      ))}
    </Group>
  );
}
