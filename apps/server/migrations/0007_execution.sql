CREATE TABLE "detection_levels" (
	"id" uuid PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"label" text NOT NULL,
	"colour" text NOT NULL,
	"rank" integer NOT NULL,
	"counts_as" text NOT NULL,
	"coverage_score" integer NOT NULL,
	"description" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evidence_files" (
	"id" uuid PRIMARY KEY NOT NULL,
	"mission_id" uuid NOT NULL,
	"test_id" uuid NOT NULL,
	"side" text NOT NULL,
	"caption" text,
	"sha256" text NOT NULL,
	"ext" text NOT NULL,
	"mime" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"original_filename" text NOT NULL,
	"uploaded_by" uuid,
	"uploaded_at" timestamp (3) with time zone NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"deleted_at" timestamp (3) with time zone,
	"deleted_by" uuid
);
--> statement-breakpoint
CREATE TABLE "mission_events" (
	"mission_id" uuid NOT NULL,
	"seq" bigint NOT NULL,
	"kind" text NOT NULL,
	"test_id" uuid,
	"evidence_id" uuid,
	"actor_id" uuid,
	"at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "mission_events_mission_id_seq_pk" PRIMARY KEY("mission_id","seq")
);
--> statement-breakpoint
CREATE TABLE "mission_presence" (
	"connection_id" uuid PRIMARY KEY NOT NULL,
	"mission_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"test_id" uuid,
	"seen_at" timestamp (3) with time zone NOT NULL,
	"ttl_seconds" integer DEFAULT 45 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "mission_tests" ADD COLUMN "executed_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "mission_tests" ADD COLUMN "executed_at_overridden" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "mission_tests" ADD COLUMN "red_command" text;--> statement-breakpoint
ALTER TABLE "mission_tests" ADD COLUMN "red_output" text;--> statement-breakpoint
ALTER TABLE "mission_tests" ADD COLUMN "red_comment_md" text;--> statement-breakpoint
ALTER TABLE "mission_tests" ADD COLUMN "attack_started_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "mission_tests" ADD COLUMN "attack_ended_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "mission_tests" ADD COLUMN "source_asset_id" uuid;--> statement-breakpoint
ALTER TABLE "mission_tests" ADD COLUMN "target_asset_id" uuid;--> statement-breakpoint
ALTER TABLE "mission_tests" ADD COLUMN "account_used" text;--> statement-breakpoint
ALTER TABLE "mission_tests" ADD COLUMN "red_tool_id" uuid;--> statement-breakpoint
ALTER TABLE "mission_tests" ADD COLUMN "execution_result" text;--> statement-breakpoint
ALTER TABLE "mission_tests" ADD COLUMN "cleanup_done" boolean;--> statement-breakpoint
ALTER TABLE "mission_tests" ADD COLUMN "artefacts_md" text;--> statement-breakpoint
ALTER TABLE "mission_tests" ADD COLUMN "blue_comment_md" text;--> statement-breakpoint
ALTER TABLE "mission_tests" ADD COLUMN "detection_level_id" uuid;--> statement-breakpoint
ALTER TABLE "mission_tests" ADD COLUMN "hunt_query" text;--> statement-breakpoint
ALTER TABLE "mission_tests" ADD COLUMN "log_sources" text;--> statement-breakpoint
ALTER TABLE "mission_tests" ADD COLUMN "gap_reason" text;--> statement-breakpoint
ALTER TABLE "mission_tests" ADD COLUMN "last_actor_id" uuid;--> statement-breakpoint
ALTER TABLE "mission_tests" ADD COLUMN "change_seq" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "missions" ADD COLUMN "change_seq" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "evidence_files" ADD CONSTRAINT "evidence_files_mission_id_missions_id_fk" FOREIGN KEY ("mission_id") REFERENCES "public"."missions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_files" ADD CONSTRAINT "evidence_files_test_id_mission_tests_id_fk" FOREIGN KEY ("test_id") REFERENCES "public"."mission_tests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_files" ADD CONSTRAINT "evidence_files_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_files" ADD CONSTRAINT "evidence_files_deleted_by_users_id_fk" FOREIGN KEY ("deleted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mission_events" ADD CONSTRAINT "mission_events_mission_id_missions_id_fk" FOREIGN KEY ("mission_id") REFERENCES "public"."missions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mission_presence" ADD CONSTRAINT "mission_presence_mission_id_missions_id_fk" FOREIGN KEY ("mission_id") REFERENCES "public"."missions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mission_presence" ADD CONSTRAINT "mission_presence_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "detection_levels_key" ON "detection_levels" USING btree ("key");--> statement-breakpoint
CREATE INDEX "evidence_files_test_idx" ON "evidence_files" USING btree ("test_id","uploaded_at");--> statement-breakpoint
CREATE UNIQUE INDEX "evidence_files_live_sha_key" ON "evidence_files" USING btree ("test_id","sha256") WHERE "evidence_files"."deleted_at" IS NULL;--> statement-breakpoint
CREATE INDEX "mission_presence_mission_idx" ON "mission_presence" USING btree ("mission_id","seen_at");--> statement-breakpoint
ALTER TABLE "mission_tests" ADD CONSTRAINT "mission_tests_source_asset_id_mission_assets_id_fk" FOREIGN KEY ("source_asset_id") REFERENCES "public"."mission_assets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mission_tests" ADD CONSTRAINT "mission_tests_target_asset_id_mission_assets_id_fk" FOREIGN KEY ("target_asset_id") REFERENCES "public"."mission_assets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mission_tests" ADD CONSTRAINT "mission_tests_red_tool_id_mission_assets_id_fk" FOREIGN KEY ("red_tool_id") REFERENCES "public"."mission_assets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mission_tests" ADD CONSTRAINT "mission_tests_detection_level_id_detection_levels_id_fk" FOREIGN KEY ("detection_level_id") REFERENCES "public"."detection_levels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mission_tests" ADD CONSTRAINT "mission_tests_last_actor_id_users_id_fk" FOREIGN KEY ("last_actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mission_tests_change_idx" ON "mission_tests" USING btree ("mission_id","change_seq");