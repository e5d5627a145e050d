import { QueryFallback } from '../../components/QueryState';
import { Stack, Tabs, Text } from '@mantine/core';
import type { Mission } from '@metamorph/contract';
import {
  IconChartBar,
  IconGridDots,
  IconFlag,
  IconListCheck,
  IconServer,
  IconUsers,
  IconFileText,
  IconFileReport,
} from '@tabler/icons-react';
import { useParams, useSearchParams } from 'react-router';
import { useMission } from '../../api/missions';
import { Section } from '../attack/AttackBits';
import { FindingsTab } from '../findings/FindingsTab';
import { DashboardTab } from '../results/DashboardTab';
import { HeatmapTab } from '../results/HeatmapTab';
import { ReportsTab } from '../reports/ReportsTab';
import { LibraryMarkdown } from '../library/LibraryBits';
import { usePageTitle } from '../shell/usePageTitle';
import { MissionAssetsTab } from './MissionAssetsTab';
import { MissionHeader } from './MissionHeader';
import { MissionMembersTab } from './MissionMembersTab';
import { MissionPlanTab } from './MissionPlanTab';

const TABS = [
  'dashboard',
  'plan',
  'heatmap',
  'findings',
  'report',
  'members',
  'assets',
  'details',
] as const;

/**
 * `/missions/:id`: header with status, progress and exports; the dashboard (landing tab), plan,
 * heat map, findings, report, members, assets and details tabs.
 */
export function MissionPage() {
  const id = useParams().id ?? '';
  const mission = useMission(id);
  const [params, setParams] = useSearchParams();
  usePageTitle(mission.data?.name ?? 'Mission');
  const tab = TABS.find((t) => t === params.get('tab')) ?? 'dashboard';

  if (mission.data === undefined) return <QueryFallback query={mission} rows={6} card />;
  const m = mission.data;
  return (
    <Stack gap="lg" data-testid="mission-page" data-status={m.status}>
      <MissionHeader mission={m} />
      <Tabs
        value={tab}
        onChange={(v) => setParams(v && v !== 'dashboard' ? { tab: v } : {}, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List>
          <Tabs.Tab
            value="dashboard"
            leftSection={<IconChartBar size={16} />}
            data-testid="tab-dashboard"
          >
            Dashboard
          </Tabs.Tab>
          <Tabs.Tab value="plan" leftSection={<IconListCheck size={16} />} data-testid="tab-plan">
            Plan
          </Tabs.Tab>
          <Tabs.Tab
            value="heatmap"
            leftSection={<IconGridDots size={16} />}
            data-testid="tab-heatmap"
          >
            Heat map
          </Tabs.Tab>
          <Tabs.Tab
            value="findings"
            leftSection={<IconFlag size={16} />}
            data-testid="tab-findings"
          >
            Findings
          </Tabs.Tab>
          <Tabs.Tab
            value="report"
            leftSection={<IconFileReport size={16} />}
            data-testid="tab-report"
          >
            Report
          </Tabs.Tab>
          <Tabs.Tab value="members" leftSection={<IconUsers size={16} />} data-testid="tab-members">
            Members
          </Tabs.Tab>
          <Tabs.Tab value="assets" leftSection={<IconServer size={16} />} data-testid="tab-assets">
            Assets
          </Tabs.Tab>
          <Tabs.Tab
            value="details"
            leftSection={<IconFileText size={16} />}
            data-testid="tab-details"
          >
            Details
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="dashboard" pt="lg">
          <DashboardTab mission={m} />
        </Tabs.Panel>
        <Tabs.Panel value="heatmap" pt="lg">
          <HeatmapTab mission={m} />
        </Tabs.Panel>
        <Tabs.Panel value="findings" pt="lg">
          <FindingsTab mission={m} />
        </Tabs.Panel>
        <Tabs.Panel value="report" pt="lg">
          <ReportsTab mission={m} />
        </Tabs.Panel>
        <Tabs.Panel value="plan" pt="lg">
          <MissionPlanTab mission={m} />
        </Tabs.Panel>
        <Tabs.Panel value="members" pt="lg">
          <MissionMembersTab mission={m} />
        </Tabs.Panel>
        <Tabs.Panel value="assets" pt="lg">
          <MissionAssetsTab mission={m} />
        </Tabs.Panel>
        <Tabs.Panel value="details" pt="lg">
          <MissionDetails mission={m} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function MissionDetails({ mission: m }: { mission: Mission }) {
  return (
    <Stack gap="lg" data-testid="mission-details">
      {(
        [
          ['Description', m.description_md],
          ['Environment', m.environment_md],
        ] as const
      ).map(([title, text]) => (
        <Section key={title} title={title}>
          {text ? (
            <LibraryMarkdown markdown={text} />
          ) : (
            <Text size="sm" c="dimmed">
              {m.can_manage ? 'Nothing written yet: add it with “Edit”.' : 'Nothing written yet.'}
            </Text>
          )}
        </Section>
      ))}
    </Stack>
  );
}
