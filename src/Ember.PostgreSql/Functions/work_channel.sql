-- The LISTEN/NOTIFY channel of this schema: one per schema, so two applications with different schemas in one
-- database never wake each other. A hash keeps it within the 63-byte identifier limit whatever the schema name.
CREATE OR REPLACE FUNCTION {schema}.work_channel() RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT 'ember_work_' || md5('{schema_name}')
$$;
