import { Anchor, Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import type { HeatmapFinding } from '@metamorph/contract';
import { IconFlag } from '@tabler/icons-react';
import { Link } from 'react-router';

/** Open findings on the heat maps: the marker's glyph, the list in drawers and on coverage. */

export const FINDING_MARK = '⚑';

const STATUS_LABEL: Record<string, string> = {
  open: 'Open',
  in_progress: 'In progress',
  fixed: 'Fixed, awaiting retest',
  risk_accepted: 'Risk accepted',
  retest_failed: 'Retest failed',
};

/** Where a finding is read: its mission's findings tab. */
export const findingPath = (f: HeatmapFinding) =>
  `/missions/${encodeURIComponent(f.mission_id)}?tab=findings&finding=${encodeURIComponent(f.id)}`;

export const openFindingsLabel = (n: number) => `${n} open ${n === 1 ? 'finding' : 'findings'}`;

/** A list of open findings, each linking to its mission's findings. */
export function OpenFindingsList({
  findings,
  showMission = false,
}: {
  findings: readonly HeatmapFinding[];
  showMission?: boolean;
}) {
  return (
    <Stack gap={6} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
      {findings.map((f) => (
        <Group key={f.id} component="li" gap="xs" wrap="nowrap" data-testid="open-finding">
          <Badge variant="default" w={74}>
            {f.severity}
          </Badge>
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Anchor component={Link} to={findingPath(f)} size="sm" fw={600}>
              F-{f.number} {f.title}
            </Anchor>
            <Text size="xs" className="mm-muted">
              {STATUS_LABEL[f.status] ?? f.status} · {f.technique_ids.join(', ') || 'no technique'}
              {showMission ? ` · ${f.mission_name}` : ''}
            </Text>
          </Stack>
        </Group>
      ))}
    </Stack>
  );
}

/** The drawer's section: the technique's open findings, when it has any. */
export function TechniqueFindings({ findings }: { findings: readonly HeatmapFinding[] }) {
  if (findings.length === 0) return null;
  return (
    <Stack gap="xs" data-testid="technique-findings">
      <Group gap={6}>
        <IconFlag size={16} aria-hidden />
        <Title order={3} fz="sm">
          {openFindingsLabel(findings.length)}
        </Title>
      </Group>
      <OpenFindingsList findings={findings} />
    </Stack>
  );
}

/** The coverage page's card: every open finding of the missions in scope. */
export function CoverageFindings({ findings }: { findings: readonly HeatmapFinding[] }) {
  if (findings.length === 0) return null;
  return (
    <Card withBorder p="md" data-testid="coverage-findings">
      <Group gap={6} mb="xs">
        <IconFlag size={18} aria-hidden />
        <Title order={2} fz="md">
          Open findings
        </Title>
      </Group>
      <Text size="sm" className="mm-muted" mb="sm">
        Techniques marked {FINDING_MARK} on the heat map have findings not yet closed by a passed
        retest.
      </Text>
      <OpenFindingsList findings={findings} showMission />
    </Card>
  );
}
