CREATE TABLE "reports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"mission_id" uuid NOT NULL,
	"format" text NOT NULL,
	"options" jsonb NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"job_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"blob_key" text,
	"size_bytes" bigint,
	"sha256" text,
	"error" text,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone NOT NULL,
	"finished_at" timestamp (3) with time zone,
	CONSTRAINT "reports_format_check" CHECK ("reports"."format" in ('pdf', 'docx', 'html')),
	CONSTRAINT "reports_status_check" CHECK ("reports"."status" in ('queued', 'running', 'succeeded', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "mission_tests" ADD COLUMN "include_in_report" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "missions" ADD COLUMN "executive_summary_md" text;--> statement-breakpoint
ALTER TABLE "missions" ADD COLUMN "executive_summary_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "missions" ADD COLUMN "executive_summary_updated_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "missions" ADD COLUMN "executive_summary_updated_by" uuid;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_mission_id_missions_id_fk" FOREIGN KEY ("mission_id") REFERENCES "public"."missions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "reports_mission_idx" ON "reports" USING btree ("mission_id","created_at");--> statement-breakpoint
ALTER TABLE "missions" ADD CONSTRAINT "missions_executive_summary_updated_by_users_id_fk" FOREIGN KEY ("executive_summary_updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;