CREATE TABLE "dettect_claims" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"name" text,
	"techniques" jsonb NOT NULL,
	"imported_by" uuid,
	"imported_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dettect_claims" ADD CONSTRAINT "dettect_claims_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dettect_claims" ADD CONSTRAINT "dettect_claims_imported_by_users_id_fk" FOREIGN KEY ("imported_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dettect_claims_client_idx" ON "dettect_claims" USING btree ("client_id","imported_at");