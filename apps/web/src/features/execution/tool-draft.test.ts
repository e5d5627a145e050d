import type { ToolResult } from '@metamorph/contract';
import { describe, expect, it } from 'vitest';
import { BLUE_ZONE_FIELDS, afterSave, draftOf, isDirty, mergeServer } from './draft-model';
import { detail } from './test-fixture';
import { toolServerChanges } from './tool-changes';
import {
  afterSaveTools,
  clashingTools,
  editTool,
  mergeTools,
  pendingTools,
  toolDraftOf,
  toolValue,
} from './tool-draft';

const EDR = '00000000-0000-4000-8000-0000000000e1';
const SIEM = '00000000-0000-4000-8000-0000000000e2';

function tool(id: string, name: string, extra: Partial<ToolResult> = {}): ToolResult {
  return {
    defence_tool_id: id,
    tool_name: name,
    layer: name === 'EDR' ? 'edr' : 'siem',
    prevented: 'tbd',
    alerted: 'tbd',
    logged: 'tbd',
    rule_name: null,
    rule_id: null,
    severity: null,
    case_id: null,
    detected_at: null,
    note: null,
    recorded: false,
    updated_at: null,
    ...extra,
  };
}
const withTools = (edr: Partial<ToolResult> = {}, siem: Partial<ToolResult> = {}, version = 1) =>
  detail({ version, tool_results: [tool(EDR, 'EDR', edr), tool(SIEM, 'SIEM', siem)] });

describe('tool result drafts', () => {
  it('sends whole rows of the changed tools only', () => {
    let d = toolDraftOf(withTools({ rule_name: 'R1' }));
    expect(pendingTools(d)).toEqual([]);
    d = editTool(d, EDR, 'alerted', 'yes');
    expect(pendingTools(d)).toEqual([
      {
        defence_tool_id: EDR,
        prevented: 'tbd',
        alerted: 'yes',
        logged: 'tbd',
        rule_name: 'R1',
        rule_id: null,
        severity: null,
        case_id: null,
        detected_at: null,
        note: null,
      },
    ]);
    d = editTool(d, EDR, 'alerted', 'tbd');
    expect(pendingTools(d)).toEqual([]);
    expect(d.edits).toEqual({});
  });

  it('treats an emptied text as null', () => {
    let d = toolDraftOf(withTools({ rule_id: 'X' }));
    d = editTool(d, EDR, 'rule_id', '');
    expect(toolValue(d, EDR).rule_id).toBeNull();
    expect(pendingTools(d)[0]?.rule_id).toBeNull();
  });

  it('follows the server on untouched rows and flags an edited row it changed', () => {
    let d = toolDraftOf(withTools());
    d = editTool(d, EDR, 'alerted', 'yes');
    d = mergeTools(d, withTools({ logged: 'yes' }, { prevented: 'no' }, 2));
    expect(toolValue(d, SIEM).prevented).toBe('no');
    expect(toolValue(d, EDR)).toMatchObject({ alerted: 'yes', logged: 'yes' });
    expect(d.conflicts[EDR]?.logged).toBe('yes');
    // The server now agrees with the edit: nothing left to send, no conflict.
    d = mergeTools(d, withTools({ logged: 'yes', alerted: 'yes' }, {}, 3));
    expect(pendingTools(d)).toEqual([]);
    expect(d.conflicts).toEqual({});
  });

  it('finds clashes per tool row', () => {
    const d = editTool(toolDraftOf(withTools()), EDR, 'alerted', 'yes');
    expect(clashingTools(withTools(), withTools({}, { logged: 'no' }), d.edits)).toEqual([]);
    expect(clashingTools(withTools(), withTools({ note: 'x' }), d.edits)).toEqual([EDR]);
    const rows = toolServerChanges(withTools(), withTools({ note: 'x' }, { logged: 'no' }), d);
    expect(rows.map((r) => [r.label, r.clash])).toEqual([
      ['Tool results — EDR', true],
      ['Tool results — SIEM', false],
    ]);
  });

  it('keeps edits typed during a save', () => {
    let d = editTool(toolDraftOf(withTools()), EDR, 'alerted', 'yes');
    const sent = pendingTools(d);
    d = editTool(d, EDR, 'rule_name', 'Late');
    d = afterSaveTools(d, sent, withTools({ alerted: 'yes' }, {}, 2));
    expect(d.edits).toEqual({ [EDR]: { rule_name: 'Late' } });
  });

  it('is part of the blue zone draft', () => {
    let d = draftOf(withTools(), BLUE_ZONE_FIELDS);
    expect(isDirty(d)).toBe(false);
    d = { ...d, tools: editTool(d.tools, SIEM, 'logged', 'yes') };
    expect(isDirty(d)).toBe(true);
    d = mergeServer(d, withTools({}, {}, 2), BLUE_ZONE_FIELDS);
    expect(isDirty(d)).toBe(true);
    const sent = pendingTools(d.tools);
    d = afterSave(d, {}, withTools({}, { logged: 'yes' }, 3), BLUE_ZONE_FIELDS, sent);
    expect(isDirty(d)).toBe(false);
  });
});
