CREATE TABLE "clients" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"notes" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mission_assets" (
	"id" uuid PRIMARY KEY NOT NULL,
	"mission_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"details" text,
	"layer" text,
	"position" integer NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mission_members" (
	"mission_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text NOT NULL,
	"added_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "mission_members_mission_id_user_id_pk" PRIMARY KEY("mission_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "mission_scenarios" (
	"id" uuid PRIMARY KEY NOT NULL,
	"mission_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"position" integer NOT NULL,
	"template_id" uuid,
	"template_key" text,
	"template_version" integer,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"deleted_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "mission_test_attack" (
	"test_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"kind" text NOT NULL,
	"external_id" text NOT NULL,
	"name" text,
	"url" text,
	"attack_release" text,
	CONSTRAINT "mission_test_attack_test_id_external_id_pk" PRIMARY KEY("test_id","external_id")
);
--> statement-breakpoint
CREATE TABLE "mission_tests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"mission_id" uuid NOT NULL,
	"scenario_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"template_id" uuid,
	"template_key" text,
	"template_version" integer,
	"snapshot_name" text NOT NULL,
	"snapshot_description" text,
	"snapshot_objective" text,
	"snapshot_procedure_md" text,
	"snapshot_prerequisites_md" text,
	"snapshot_expected_red_md" text,
	"snapshot_expected_blue_md" text,
	"snapshot_opsec_level" text NOT NULL,
	"snapshot_tags" text[] NOT NULL,
	"snapshot_expected_iocs" text[] NOT NULL,
	"snapshot_platforms" text[] NOT NULL,
	"snapshot_executor" jsonb,
	"snapshot_input_arguments" jsonb NOT NULL,
	"snapshot_dependencies" jsonb NOT NULL,
	"snapshot_dependency_executor" text,
	"snapshot_detection_refs" jsonb NOT NULL,
	"expected_outcomes" jsonb NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"state_reason" text,
	"assignee_id" uuid,
	"planned_on" date,
	"hidden_from_blue" boolean DEFAULT false NOT NULL,
	"version" integer NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"deleted_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "missions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description_md" text,
	"status" text NOT NULL,
	"start_date" date,
	"end_date" date,
	"environment_md" text,
	"tags" text[] NOT NULL,
	"visibility" text NOT NULL,
	"source_mission_id" uuid,
	"version" integer NOT NULL,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"deleted_at" timestamp (3) with time zone
);
--> statement-breakpoint
ALTER TABLE "mission_assets" ADD CONSTRAINT "mission_assets_mission_id_missions_id_fk" FOREIGN KEY ("mission_id") REFERENCES "public"."missions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mission_members" ADD CONSTRAINT "mission_members_mission_id_missions_id_fk" FOREIGN KEY ("mission_id") REFERENCES "public"."missions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mission_members" ADD CONSTRAINT "mission_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mission_scenarios" ADD CONSTRAINT "mission_scenarios_mission_id_missions_id_fk" FOREIGN KEY ("mission_id") REFERENCES "public"."missions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mission_test_attack" ADD CONSTRAINT "mission_test_attack_test_id_mission_tests_id_fk" FOREIGN KEY ("test_id") REFERENCES "public"."mission_tests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mission_tests" ADD CONSTRAINT "mission_tests_mission_id_missions_id_fk" FOREIGN KEY ("mission_id") REFERENCES "public"."missions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mission_tests" ADD CONSTRAINT "mission_tests_scenario_id_mission_scenarios_id_fk" FOREIGN KEY ("scenario_id") REFERENCES "public"."mission_scenarios"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mission_tests" ADD CONSTRAINT "mission_tests_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "missions" ADD CONSTRAINT "missions_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "missions" ADD CONSTRAINT "missions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "clients_name_key" ON "clients" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "mission_assets_mission_idx" ON "mission_assets" USING btree ("mission_id","kind");--> statement-breakpoint
CREATE INDEX "mission_members_user_idx" ON "mission_members" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "mission_scenarios_mission_idx" ON "mission_scenarios" USING btree ("mission_id","position");--> statement-breakpoint
CREATE INDEX "mission_test_attack_external_idx" ON "mission_test_attack" USING btree ("external_id");--> statement-breakpoint
CREATE INDEX "mission_tests_mission_idx" ON "mission_tests" USING btree ("mission_id","scenario_id","position");--> statement-breakpoint
CREATE INDEX "mission_tests_template_idx" ON "mission_tests" USING btree ("template_key");--> statement-breakpoint
CREATE INDEX "missions_client_idx" ON "missions" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "missions_updated_idx" ON "missions" USING btree ("updated_at","id");