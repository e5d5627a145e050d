import { Badge, Card, Code, Grid, Group, Stack, Text } from '@mantine/core';
import type { GroupDetail } from '@metamorph/contract';
import { useMemo } from 'react';
import { useParams } from 'react-router';
import { useAttackGroup } from '../../../api/attack';
import { LoadingRows } from '../../../components/LoadingRows';
import { PageHeader } from '../../../components/PageHeader';
import { usePageTitle } from '../../shell/usePageTitle';
import { mitreGroupUrl } from '../attack-ids';
import { Chips, DetailError, MitreLink, Section, StateBadges } from '../AttackBits';
import { prepareAttackMarkdown } from '../markdown/attack-markdown';
import { AttackMarkdown, CitationList } from '../markdown/AttackMarkdown';
import { GroupTechniques } from './GroupTechniques';

export function GroupPage() {
  const id = useParams().id ?? '';
  const group = useAttackGroup(id);
  usePageTitle(group.data ? `${id} ${group.data.name}` : id);
  if (group.isError || group.isPending) {
    return (
      <Stack gap="lg" data-testid="group-page">
        <PageHeader eyebrow="MITRE ATT&CK · Group" title={id} />
        {group.isError ? (
          <DetailError
            error={group.error}
            what="group"
            id={id}
            onRetry={() => void group.refetch()}
          />
        ) : (
          <Card>
            <LoadingRows rows={6} />
          </Card>
        )}
      </Stack>
    );
  }
  return <GroupView group={group.data} />;
}

function GroupView({ group }: { group: GroupDetail }) {
  // One numbering for the description and every "use" text on the page.
  const texts = useMemo(() => {
    const description = prepareAttackMarkdown(group.description);
    let citations = description.citations;
    const uses = new Map<string, string>();
    for (const t of group.techniques) {
      if (!t.use) continue;
      const prepared = prepareAttackMarkdown(t.use, citations);
      citations = prepared.citations;
      uses.set(t.external_id, prepared.markdown);
    }
    return { description: description.markdown, uses, citations };
  }, [group]);
  const aliases = group.aliases.filter((a) => a !== group.name);

  return (
    <Stack gap="lg" data-testid="group-page" data-group={group.external_id}>
      <PageHeader
        eyebrow="MITRE ATT&CK · Group"
        title={group.name}
        description={
          <Group gap={8} component="span" mt={2}>
            <Code fz="sm">{group.external_id}</Code>
            <StateBadges technique={group} />
            <Badge variant="light" color="purple">
              {group.techniques.length} techniques
            </Badge>
          </Group>
        }
        actions={<MitreLink href={group.url ?? mitreGroupUrl(group.external_id)} />}
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            <Card data-testid="group-description">
              <AttackMarkdown markdown={texts.description} citations={texts.citations} />
            </Card>
            <Section
              title="Techniques used"
              count={group.techniques.length}
              testId="group-techniques"
            >
              <GroupTechniques
                techniques={group.techniques}
                uses={texts.uses}
                citations={texts.citations}
              />
            </Section>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg">
            <Section title="Aliases" count={aliases.length} testId="group-aliases">
              <Chips values={aliases} />
            </Section>
            <Section title="Software" count={group.software.length} testId="group-software">
              {group.software.length === 0 ? (
                <Text size="sm" c="dimmed">
                  None recorded.
                </Text>
              ) : (
                <Stack gap={6}>
                  {group.software.map((s) => (
                    <Group key={s.external_id} gap={8} wrap="nowrap">
                      <Code fz="xs">{s.external_id}</Code>
                      <Text size="sm">{s.name}</Text>
                      <Badge
                        size="xs"
                        variant="outline"
                        color={s.kind === 'malware' ? 'red' : 'blue'}
                      >
                        {s.kind}
                      </Badge>
                    </Group>
                  ))}
                </Stack>
              )}
            </Section>
            {texts.citations.length > 0 && (
              <Card>
                <CitationList citations={texts.citations} />
              </Card>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
