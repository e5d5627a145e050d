/** The methodology appendix (markdown): how the exercise was run and how numbers are read. */
export const METHODOLOGY_MD = `This report comes from a purple-team exercise: the red team executed attack procedures mapped to MITRE ATT&CK, one test at a time, and the blue team recorded what its defences saw for each of them.

**Per test**, red records the command, its output, the attack window and whether the attack succeeded; blue records, per defence tool, whether the activity was *prevented*, *alerted* or *logged*, and then sets the test's overall outcome as one of the detection levels defined below.

**Detection rate** counts the tests whose outcome is alerted or prevented, over the tests with an outcome reviewed by blue. **Prevention rate** counts prevented tests alone. **Logged only** counts tests that were seen in the logs without an alert; it is reported apart from detection. **Time to detect** runs from the start of the attack window (else the execution time) to the earliest detection recorded by a defence tool.

**The heat map** shows each tested ATT&CK technique under its tactics, coloured by the worst outcome among its tests; the fraction is the number of its tests detected over its tests.

**Expected vs actual** compares the outcome each test expected per defence layer (for instance "EDR: alert") with what the tools of that layer recorded.`;

/** The appendix line on redaction (names of the patterns only, never what they matched). */
export function redactionNote(names: readonly string[]): string {
  if (names.length === 0) return 'No redaction was applied to this report.';
  return `Secrets found by these patterns were replaced by [REDACTED] before the report was written: ${names.join(', ')}.`;
}
