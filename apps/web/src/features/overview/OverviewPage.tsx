import { Stack, Text, Title } from '@mantine/core';
import { usePageTitle } from '../shell/usePageTitle';
import { MyQueueCard } from '../workspace/MyQueueCard';
import { AboutMetamorph } from './AboutMetamorph';
import { SystemStatusCard } from './SystemStatusCard';

/** The landing page: what Metamorph is, what waits for the caller, whether the server is healthy. */
export function OverviewPage() {
  usePageTitle('Overview');
  return (
    <Stack gap={36}>
      <Stack gap="xs" maw={760}>
        <Text size="sm" fw={600} c="purple" tt="uppercase" lts={0.8}>
          Purple-team exercises
        </Text>
        <Title order={1} fz={{ base: 26, sm: 32 }} lh={1.2}>
          Welcome to Metamorph
        </Title>
        <Text c="dimmed" size="md" lh={1.6}>
          Metamorph is where a red team and a blue team run an exercise together. Attacks are
          executed as tests mapped to MITRE ATT&amp;CK, defenders record what their tools saw, and
          every result flows into one report and one coverage map, so the gaps are plain to see and
          the fixes can be tested again.
        </Text>
      </Stack>
      <MyQueueCard />
      <SystemStatusCard />
      <AboutMetamorph />
    </Stack>
  );
}
