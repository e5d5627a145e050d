-- Every process caches settings (kernel/settings.ts) and drops its copy when this fires: the
-- notification goes out on the event bus's channel when the writing transaction commits.
CREATE OR REPLACE FUNCTION metamorph_settings_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('metamorph_mission_events', '{"settings":1}');
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER settings_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON settings
  FOR EACH STATEMENT EXECUTE FUNCTION metamorph_settings_notify();
