CREATE TABLE "mission_test_tool_results" (
	"test_id" uuid NOT NULL,
	"defence_tool_id" uuid NOT NULL,
	"mission_id" uuid NOT NULL,
	"prevented" text NOT NULL,
	"alerted" text NOT NULL,
	"logged" text NOT NULL,
	"rule_name" text,
	"rule_id" text,
	"severity" text,
	"case_id" text,
	"detected_at" timestamp (3) with time zone,
	"note" text,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "mission_test_tool_results_test_id_defence_tool_id_pk" PRIMARY KEY("test_id","defence_tool_id")
);
--> statement-breakpoint
ALTER TABLE "mission_tests" ADD COLUMN "outcome_override_reason" text;--> statement-breakpoint
ALTER TABLE "mission_test_tool_results" ADD CONSTRAINT "mission_test_tool_results_test_id_mission_tests_id_fk" FOREIGN KEY ("test_id") REFERENCES "public"."mission_tests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mission_test_tool_results" ADD CONSTRAINT "mission_test_tool_results_defence_tool_id_mission_assets_id_fk" FOREIGN KEY ("defence_tool_id") REFERENCES "public"."mission_assets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mission_test_tool_results" ADD CONSTRAINT "mission_test_tool_results_mission_id_missions_id_fk" FOREIGN KEY ("mission_id") REFERENCES "public"."missions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mission_test_tool_results" ADD CONSTRAINT "mission_test_tool_results_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mission_test_tool_results_mission_idx" ON "mission_test_tool_results" USING btree ("mission_id");