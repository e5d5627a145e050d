import { useTestFindings } from '../../api/findings';
import { TestFindingBadges } from './FindingBits';

/** The `F-n` badges of the findings a test is behind (plan rows, the test page). */
export function TestFindings({ missionId, testId }: { missionId: string; testId: string }) {
  return <TestFindingBadges findings={useTestFindings(missionId, testId)} />;
}
