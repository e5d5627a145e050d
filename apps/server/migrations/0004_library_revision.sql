-- A counter bumped by every statement that changes test templates or their ATT&CK tags:
-- library searches cache their answers per revision (and ATT&CK release), in every process.
-- It is a table, not a sequence, so a reader never sees a revision before its data commits.
CREATE TABLE "library_revision" (
	"id" integer PRIMARY KEY NOT NULL,
	"revision" bigint NOT NULL
);
--> statement-breakpoint
INSERT INTO "library_revision" ("id", "revision") VALUES (1, 0);
--> statement-breakpoint
CREATE FUNCTION "library_revision_bump"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE "library_revision" SET "revision" = "revision" + 1 WHERE "id" = 1;
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "library_tests_revision" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "library_tests"
	FOR EACH STATEMENT EXECUTE FUNCTION "library_revision_bump"();
--> statement-breakpoint
CREATE TRIGGER "library_test_attack_revision" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "library_test_attack"
	FOR EACH STATEMENT EXECUTE FUNCTION "library_revision_bump"();
