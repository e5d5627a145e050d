import type { TestState } from '@metamorph/contract';
import type { MissionTestRow } from '../db/schema/index.js';
import type { MissionWrite } from './mission-write.js';

/** A mission test's state change, as the transition wrote it (the row after the write). */
export interface TestStateChange {
  test: MissionTestRow;
  from: TestState;
  to: TestState;
}

/**
 * Called by the execution module inside a transition's mission write, after the test row
 * and its change record are written and before the audit append: other modules react to a
 * state change in the same transaction (a reviewed retest test closes or fails its finding)
 * without the execution module knowing them. Hooks are listed by the modules
 * (`AppModule.testStateHooks`) and composed into `AppContext.testStateHooks` by app.ts.
 */
export type TestStateHook = (w: MissionWrite, change: TestStateChange) => Promise<void>;
