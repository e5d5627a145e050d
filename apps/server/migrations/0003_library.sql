CREATE TABLE "library_scenario_tests" (
	"scenario_id" uuid NOT NULL,
	"test_id" uuid NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "library_scenario_tests_scenario_id_test_id_pk" PRIMARY KEY("scenario_id","test_id")
);
--> statement-breakpoint
CREATE TABLE "library_scenarios" (
	"id" uuid PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"version" integer NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"tags" text[] NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"created_by" uuid,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "library_test_attack" (
	"test_id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"kind" text NOT NULL,
	"parent_id" text NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "library_test_attack_test_id_external_id_pk" PRIMARY KEY("test_id","external_id")
);
--> statement-breakpoint
CREATE TABLE "library_tests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"version" integer NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"objective" text,
	"procedure_md" text,
	"prerequisites_md" text,
	"expected_red_md" text,
	"expected_blue_md" text,
	"opsec_level" text NOT NULL,
	"tags" text[] NOT NULL,
	"expected_iocs" text[] NOT NULL,
	"attack_ids" text[] NOT NULL,
	"platforms" text[] NOT NULL,
	"executor" jsonb,
	"input_arguments" jsonb NOT NULL,
	"dependencies" jsonb NOT NULL,
	"dependency_executor" text,
	"detection_refs" jsonb NOT NULL,
	"expected_outcomes" jsonb NOT NULL,
	"source" text NOT NULL,
	"source_ref" text,
	"content_hash" text NOT NULL,
	"search_text" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"created_by" uuid,
	"updated_by" uuid
);
--> statement-breakpoint
ALTER TABLE "library_scenario_tests" ADD CONSTRAINT "library_scenario_tests_scenario_id_library_scenarios_id_fk" FOREIGN KEY ("scenario_id") REFERENCES "public"."library_scenarios"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_scenario_tests" ADD CONSTRAINT "library_scenario_tests_test_id_library_tests_id_fk" FOREIGN KEY ("test_id") REFERENCES "public"."library_tests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_scenarios" ADD CONSTRAINT "library_scenarios_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_scenarios" ADD CONSTRAINT "library_scenarios_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_test_attack" ADD CONSTRAINT "library_test_attack_test_id_library_tests_id_fk" FOREIGN KEY ("test_id") REFERENCES "public"."library_tests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_tests" ADD CONSTRAINT "library_tests_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_tests" ADD CONSTRAINT "library_tests_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "library_scenario_tests_test_idx" ON "library_scenario_tests" USING btree ("test_id");--> statement-breakpoint
CREATE UNIQUE INDEX "library_scenarios_key_key" ON "library_scenarios" USING btree ("key");--> statement-breakpoint
CREATE INDEX "library_scenarios_name_idx" ON "library_scenarios" USING btree (lower("name") collate "C","id");--> statement-breakpoint
CREATE INDEX "library_test_attack_external_idx" ON "library_test_attack" USING btree ("external_id");--> statement-breakpoint
CREATE INDEX "library_test_attack_parent_idx" ON "library_test_attack" USING btree ("parent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "library_tests_key_key" ON "library_tests" USING btree ("key");--> statement-breakpoint
CREATE UNIQUE INDEX "library_tests_source_ref_key" ON "library_tests" USING btree ("source","source_ref") WHERE "library_tests"."source_ref" is not null;--> statement-breakpoint
CREATE INDEX "library_tests_name_idx" ON "library_tests" USING btree (lower("name") collate "C","id");