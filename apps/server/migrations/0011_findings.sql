CREATE TABLE "finding_retest_tests" (
	"finding_id" uuid NOT NULL,
	"test_id" uuid NOT NULL,
	CONSTRAINT "finding_retest_tests_finding_id_test_id_pk" PRIMARY KEY("finding_id","test_id")
);
--> statement-breakpoint
CREATE TABLE "finding_tests" (
	"finding_id" uuid NOT NULL,
	"test_id" uuid NOT NULL,
	CONSTRAINT "finding_tests_finding_id_test_id_pk" PRIMARY KEY("finding_id","test_id")
);
--> statement-breakpoint
CREATE TABLE "findings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"mission_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"title" text NOT NULL,
	"severity" text NOT NULL,
	"status" text NOT NULL,
	"status_reason" text,
	"description_md" text,
	"recommendation_md" text,
	"gap_reason" text,
	"sigma_rule" text,
	"siem_query" text,
	"ticket_url" text,
	"owner_user_id" uuid,
	"owner_name" text,
	"due_on" date,
	"version" integer NOT NULL,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"deleted_at" timestamp (3) with time zone
);
--> statement-breakpoint
ALTER TABLE "mission_tests" ADD COLUMN "retest_of_test_id" uuid;--> statement-breakpoint
ALTER TABLE "missions" ADD COLUMN "retest_of_mission_id" uuid;--> statement-breakpoint
ALTER TABLE "mission_events" ADD COLUMN "finding_id" uuid;--> statement-breakpoint
ALTER TABLE "finding_retest_tests" ADD CONSTRAINT "finding_retest_tests_finding_id_findings_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."findings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding_retest_tests" ADD CONSTRAINT "finding_retest_tests_test_id_mission_tests_id_fk" FOREIGN KEY ("test_id") REFERENCES "public"."mission_tests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding_tests" ADD CONSTRAINT "finding_tests_finding_id_findings_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."findings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding_tests" ADD CONSTRAINT "finding_tests_test_id_mission_tests_id_fk" FOREIGN KEY ("test_id") REFERENCES "public"."mission_tests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_mission_id_missions_id_fk" FOREIGN KEY ("mission_id") REFERENCES "public"."missions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "finding_retest_tests_test_idx" ON "finding_retest_tests" USING btree ("test_id");--> statement-breakpoint
CREATE INDEX "finding_tests_test_idx" ON "finding_tests" USING btree ("test_id");--> statement-breakpoint
CREATE UNIQUE INDEX "findings_mission_number_key" ON "findings" USING btree ("mission_id","number");