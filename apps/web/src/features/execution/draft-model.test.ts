import { describe, expect, it } from 'vitest';
import {
  RED_ZONE_FIELDS,
  afterSave,
  draftOf,
  edit,
  isDirty,
  mergeServer,
  pendingPatch,
  valueOf,
} from './draft-model';
import { detail } from './test-fixture';

const F = RED_ZONE_FIELDS;

describe('zone drafts', () => {
  it('sends only the fields the user changed; typing the old value back is no change', () => {
    let d = draftOf(detail({ red_command: 'whoami' }), F);
    expect(isDirty(d)).toBe(false);
    d = edit(d, 'red_output', 'root');
    d = edit(d, 'red_command', 'id');
    expect(pendingPatch(d)).toEqual({ red_output: 'root', red_command: 'id' });
    d = edit(d, 'red_command', 'whoami');
    expect(pendingPatch(d)).toEqual({ red_output: 'root' });
  });

  it('treats an emptied text as null', () => {
    let d = draftOf(detail({ red_command: 'whoami' }), F);
    d = edit(d, 'red_command', '');
    expect(pendingPatch(d)).toEqual({ red_command: null });
    d = edit(draftOf(detail(), F), 'red_output', '');
    expect(isDirty(d)).toBe(false);
  });

  it('keeps unsaved edits through a live refresh and takes the server value elsewhere', () => {
    let d = edit(draftOf(detail(), F), 'red_command', 'mine');
    d = mergeServer(d, detail({ version: 2, red_output: 'theirs', cleanup_done: true }), F);
    expect(valueOf(d, 'red_command')).toBe('mine');
    expect(valueOf(d, 'red_output')).toBe('theirs');
    expect(valueOf(d, 'cleanup_done')).toBe(true);
    expect(d.conflicts).toEqual({});
    expect(d.version).toBe(2);
    expect(pendingPatch(d)).toEqual({ red_command: 'mine' });
  });

  it('flags a field the server changed under an edit, keeping the user value', () => {
    let d = edit(draftOf(detail({ red_command: 'a' }), F), 'red_command', 'mine');
    d = mergeServer(d, detail({ version: 3, red_command: 'theirs' }), F);
    expect(valueOf(d, 'red_command')).toBe('mine');
    expect(d.conflicts).toEqual({ red_command: 'theirs' });
    // A later refresh that does not touch it keeps the flag.
    d = mergeServer(d, detail({ version: 4, red_command: 'theirs', red_output: 'x' }), F);
    expect(d.conflicts).toEqual({ red_command: 'theirs' });
  });

  it('drops an edit the server now agrees with', () => {
    let d = edit(draftOf(detail(), F), 'red_command', 'same');
    d = mergeServer(d, detail({ version: 2, red_command: 'same' }), F);
    expect(d.edits).toEqual({});
    expect(d.conflicts).toEqual({});
  });

  it('ignores an older version arriving late', () => {
    const d = draftOf(detail({ version: 5, red_command: 'new' }), F);
    expect(mergeServer(d, detail({ version: 4, red_command: 'old' }), F)).toBe(d);
  });

  it('after a save, keeps what was typed during it', () => {
    let d = edit(draftOf(detail(), F), 'red_output', 'abc');
    const sent = pendingPatch(d);
    d = edit(d, 'red_output', 'abcdef');
    d = afterSave(d, sent, detail({ version: 2, red_output: 'abc' }), F);
    expect(d.version).toBe(2);
    expect(pendingPatch(d)).toEqual({ red_output: 'abcdef' });
  });

  it('after a save, the conflicts of the sent fields are resolved', () => {
    let d = edit(draftOf(detail({ red_command: 'a' }), F), 'red_command', 'mine');
    d = mergeServer(d, detail({ version: 2, red_command: 'theirs' }), F);
    d = afterSave(d, pendingPatch(d), detail({ version: 3, red_command: 'mine' }), F);
    expect(d.conflicts).toEqual({});
    expect(isDirty(d)).toBe(false);
  });
});
