CREATE TABLE "attack_campaigns" (
	"id" uuid PRIMARY KEY NOT NULL,
	"domain" text NOT NULL,
	"stix_id" text NOT NULL,
	"external_id" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"url" text,
	"revoked" boolean DEFAULT false NOT NULL,
	"deprecated" boolean DEFAULT false NOT NULL,
	"modified" timestamp (3) with time zone,
	"in_current_release" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "threat_profile_techniques" (
	"profile_id" uuid NOT NULL,
	"technique_id" text NOT NULL,
	"weight" double precision NOT NULL,
	"used_by" text[] NOT NULL,
	CONSTRAINT "threat_profile_techniques_profile_id_technique_id_pk" PRIMARY KEY("profile_id","technique_id")
);
--> statement-breakpoint
CREATE TABLE "threat_profiles" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"group_ids" text[] NOT NULL,
	"software_ids" text[] NOT NULL,
	"campaign_ids" text[] NOT NULL,
	"extra" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"source" text NOT NULL,
	"attack_release_id" uuid,
	"attack_version" text,
	"version" integer NOT NULL,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "threat_profile_techniques" ADD CONSTRAINT "threat_profile_techniques_profile_id_threat_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."threat_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "threat_profiles" ADD CONSTRAINT "threat_profiles_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "threat_profiles" ADD CONSTRAINT "threat_profiles_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "attack_campaigns_stix_key" ON "attack_campaigns" USING btree ("domain","stix_id");--> statement-breakpoint
CREATE INDEX "attack_campaigns_external_idx" ON "attack_campaigns" USING btree ("domain","external_id");--> statement-breakpoint
CREATE INDEX "threat_profiles_client_idx" ON "threat_profiles" USING btree ("client_id");--> statement-breakpoint
CREATE UNIQUE INDEX "threat_profiles_client_name_key" ON "threat_profiles" USING btree ("client_id",lower("name"));