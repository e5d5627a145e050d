CREATE TABLE "attack_groups" (
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
	"in_current_release" boolean DEFAULT true NOT NULL,
	"aliases" text[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "attack_mitigations" (
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
CREATE TABLE "attack_relationships" (
	"domain" text NOT NULL,
	"stix_id" text NOT NULL,
	"type" text NOT NULL,
	"source_ref" text NOT NULL,
	"target_ref" text NOT NULL,
	"description" text,
	CONSTRAINT "attack_relationships_domain_stix_id_pk" PRIMARY KEY("domain","stix_id")
);
--> statement-breakpoint
CREATE TABLE "attack_release_techniques" (
	"release_id" uuid NOT NULL,
	"stix_id" text NOT NULL,
	"external_id" text NOT NULL,
	"name" text NOT NULL,
	"tactics" text[] NOT NULL,
	"platforms" text[] NOT NULL,
	"description_sha256" text NOT NULL,
	"is_subtechnique" boolean NOT NULL,
	"parent_external_id" text,
	"url" text,
	"revoked" boolean NOT NULL,
	"deprecated" boolean NOT NULL,
	"revoked_by_external_id" text,
	CONSTRAINT "attack_release_techniques_release_id_stix_id_pk" PRIMARY KEY("release_id","stix_id")
);
--> statement-breakpoint
CREATE TABLE "attack_releases" (
	"id" uuid PRIMARY KEY NOT NULL,
	"domain" text NOT NULL,
	"version" text NOT NULL,
	"spec_version" text NOT NULL,
	"source" text NOT NULL,
	"sha256" text NOT NULL,
	"data_modified" timestamp (3) with time zone,
	"counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"imported_at" timestamp (3) with time zone NOT NULL,
	"imported_by" uuid,
	"current" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "attack_software" (
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
	"in_current_release" boolean DEFAULT true NOT NULL,
	"kind" text NOT NULL,
	"aliases" text[] NOT NULL,
	"platforms" text[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "attack_tactics" (
	"domain" text NOT NULL,
	"stix_id" text NOT NULL,
	"external_id" text NOT NULL,
	"shortname" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"url" text,
	"matrix_order" integer NOT NULL,
	"in_current_release" boolean DEFAULT true NOT NULL,
	CONSTRAINT "attack_tactics_domain_stix_id_pk" PRIMARY KEY("domain","stix_id")
);
--> statement-breakpoint
CREATE TABLE "attack_techniques" (
	"id" uuid PRIMARY KEY NOT NULL,
	"domain" text NOT NULL,
	"stix_id" text NOT NULL,
	"external_id" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"detection" text,
	"platforms" text[] NOT NULL,
	"tactics" text[] NOT NULL,
	"is_subtechnique" boolean NOT NULL,
	"parent_external_id" text,
	"url" text,
	"revoked" boolean DEFAULT false NOT NULL,
	"deprecated" boolean DEFAULT false NOT NULL,
	"revoked_by_external_id" text,
	"modified" timestamp (3) with time zone,
	"in_current_release" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
ALTER TABLE "attack_release_techniques" ADD CONSTRAINT "attack_release_techniques_release_id_attack_releases_id_fk" FOREIGN KEY ("release_id") REFERENCES "public"."attack_releases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "attack_groups_stix_key" ON "attack_groups" USING btree ("domain","stix_id");--> statement-breakpoint
CREATE INDEX "attack_groups_external_idx" ON "attack_groups" USING btree ("domain","external_id");--> statement-breakpoint
CREATE UNIQUE INDEX "attack_mitigations_stix_key" ON "attack_mitigations" USING btree ("domain","stix_id");--> statement-breakpoint
CREATE INDEX "attack_mitigations_external_idx" ON "attack_mitigations" USING btree ("domain","external_id");--> statement-breakpoint
CREATE INDEX "attack_relationships_target_idx" ON "attack_relationships" USING btree ("domain","target_ref");--> statement-breakpoint
CREATE INDEX "attack_relationships_source_idx" ON "attack_relationships" USING btree ("domain","source_ref");--> statement-breakpoint
CREATE INDEX "attack_release_techniques_ext_idx" ON "attack_release_techniques" USING btree ("release_id","external_id");--> statement-breakpoint
CREATE UNIQUE INDEX "attack_releases_domain_sha_key" ON "attack_releases" USING btree ("domain","sha256");--> statement-breakpoint
CREATE INDEX "attack_releases_domain_idx" ON "attack_releases" USING btree ("domain","imported_at");--> statement-breakpoint
CREATE UNIQUE INDEX "attack_software_stix_key" ON "attack_software" USING btree ("domain","stix_id");--> statement-breakpoint
CREATE INDEX "attack_software_external_idx" ON "attack_software" USING btree ("domain","external_id");--> statement-breakpoint
CREATE INDEX "attack_tactics_shortname_idx" ON "attack_tactics" USING btree ("domain","shortname");--> statement-breakpoint
CREATE UNIQUE INDEX "attack_techniques_stix_key" ON "attack_techniques" USING btree ("domain","stix_id");--> statement-breakpoint
CREATE INDEX "attack_techniques_external_idx" ON "attack_techniques" USING btree ("domain","external_id");