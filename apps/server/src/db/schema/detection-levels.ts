import { integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ts } from './columns.js';

/** A test's overall outcome scale; four defaults are seeded at start (by key). */
export const detectionLevels = pgTable(
  'detection_levels',
  {
    id: uuid('id').primaryKey(),
    key: text('key').notNull(),
    label: text('label').notNull(),
    colour: text('colour').notNull(),
    rank: integer('rank').notNull(),
    countsAs: text('counts_as').notNull(),
    coverageScore: integer('coverage_score').notNull(),
    description: text('description'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [uniqueIndex('detection_levels_key').on(t.key)],
);
