import type { ScenarioTemplate, TestTemplateSummary } from '@metamorph/contract';
import { describe, expect, it } from 'vitest';
import {
  addTest,
  emptyScenarioForm,
  isScenarioDirty,
  moveTestById,
  removeTest,
  scenarioBody,
  scenarioFormOf,
  markdownPreview,
  scenarioPath,
  validateScenario,
} from './scenario-form';

const ID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function summary(n: number): TestTemplateSummary {
  return {
    id: ID(n),
    key: `manual:t${n}`,
    version: 1,
    name: `Test ${n}`,
    platforms: [],
    tags: [],
    attack_tags: [],
    flagged: false,
    source: 'manual',
    source_ref: null,
    opsec_level: 'medium',
    updated_at: '2026-01-01T00:00:00.000Z',
    executor_name: null,
  };
}

describe('scenario form', () => {
  const tests = [summary(1), summary(2), summary(3)];

  it('reads a scenario and sends its tests in order', () => {
    const scenario: ScenarioTemplate = {
      id: ID(9),
      key: 'manual:s',
      version: 3,
      name: 'Scenario',
      description: 'Text',
      tags: ['a'],
      tests,
      created_at: '2026-01-01T00:00:00.000Z',
      updated_at: '2026-01-01T00:00:00.000Z',
    };
    const form = scenarioFormOf(scenario);
    expect(scenarioBody(form)).toEqual({
      name: 'Scenario',
      description: 'Text',
      tags: ['a'],
      test_ids: [ID(1), ID(2), ID(3)],
    });
    expect(isScenarioDirty(form, scenarioFormOf(scenario))).toBe(false);
    expect(isScenarioDirty({ ...form, tests: [...tests].reverse() }, form)).toBe(true);
  });

  it('sends a blank description as null', () => {
    expect(scenarioBody({ ...emptyScenarioForm(), description: '  ' }).description).toBeNull();
  });

  it('adds a test once, removes it, and moves it by id', () => {
    expect(addTest(tests, summary(2))).toHaveLength(3);
    expect(addTest(tests, summary(4)).map((t) => t.name)).toEqual([
      'Test 1',
      'Test 2',
      'Test 3',
      'Test 4',
    ]);
    expect(removeTest(tests, ID(2)).map((t) => t.name)).toEqual(['Test 1', 'Test 3']);
    expect(moveTestById(tests, ID(3), ID(1)).map((t) => t.name)).toEqual([
      'Test 3',
      'Test 1',
      'Test 2',
    ]);
    expect(moveTestById(tests, ID(1), ID(3)).map((t) => t.name)).toEqual([
      'Test 2',
      'Test 3',
      'Test 1',
    ]);
    expect(moveTestById(tests, ID(1), 'nope')).toEqual(tests);
  });

  it('validates the name and the key like the API', () => {
    expect(validateScenario(emptyScenarioForm())).toHaveProperty('name');
    expect(validateScenario({ ...emptyScenarioForm(), name: 'Ok' })).toEqual({});
    expect(validateScenario({ ...emptyScenarioForm(), name: 'Ok' }, 'Bad Key')).toHaveProperty(
      'key',
    );
  });

  it('builds the page path', () => {
    expect(scenarioPath('a/b')).toBe('/library/scenarios/a%2Fb');
  });
});

describe('markdownPreview', () => {
  it('drops the markup of a description', () => {
    expect(markdownPreview('Phish, land, **run**.')).toBe('Phish, land, run.');
    expect(
      markdownPreview('# Scope\n\n- see [the plan](https://x.org) and `cmd`\n- _then_ go'),
    ).toBe('Scope see the plan and cmd then go');
  });
});
