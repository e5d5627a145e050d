ALTER TABLE "mission_test_attack" ADD COLUMN "tactics" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
-- Backfill: tag snapshots taken before this column get their tactics from the current catalog.
UPDATE "mission_test_attack" AS a
SET "tactics" = sub.tactics
FROM (
  SELECT t.external_id,
         jsonb_agg(jsonb_build_object('external_id', ta.external_id, 'shortname', ta.shortname, 'name', ta.name)
                   ORDER BY ta.matrix_order) AS tactics
  FROM "attack_techniques" t
  JOIN "attack_tactics" ta
    ON ta.domain = t.domain AND ta.shortname = ANY (t.tactics) AND ta.in_current_release
  WHERE t.domain = 'enterprise-attack' AND t.in_current_release AND NOT t.revoked
  GROUP BY t.external_id
) AS sub
WHERE a.external_id = sub.external_id AND a.kind <> 'tactic';
