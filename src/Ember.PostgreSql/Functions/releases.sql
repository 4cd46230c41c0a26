-- Whether a continuation with these stored JobContinuationOptions (a flags enum's name, e.g. 'OnlyOnSucceededState,
-- OnlyOnFailedState') runs after its parent finished in p_parent_state: the one place SQL reads the options.
CREATE OR REPLACE FUNCTION {schema}.releases(p_options text, p_parent_state text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT p_options = 'OnAnyFinishedState' OR strpos(p_options, 'OnlyOn' || p_parent_state || 'State') > 0
$$;
