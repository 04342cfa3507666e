import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Access control, the catalogue of datasets and their versions, and the append-only audit log. */
export class CatalogueFoundation1732400000000 implements MigrationInterface {
  name = 'CatalogueFoundation1732400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY,
        email text NOT NULL,
        name text NOT NULL,
        is_admin boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE UNIQUE INDEX users_email_unique ON users (lower(email));

      CREATE TABLE api_tokens (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id),
        label text NOT NULL,
        token_sha256 bytea NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz,
        revoked_at timestamptz
      );

      CREATE TABLE groups (
        id uuid PRIMARY KEY,
        slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
        name text NOT NULL,
        parent_id uuid REFERENCES groups (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (parent_id IS DISTINCT FROM id)
      );

      -- Rights come only from membership: a role in a group, which also holds in the group's ancestors.
      CREATE TABLE group_members (
        group_id uuid NOT NULL REFERENCES groups (id),
        user_id uuid NOT NULL REFERENCES users (id),
        role text NOT NULL CHECK (role IN ('curator', 'depositor', 'reader')),
        added_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (group_id, user_id)
      );
      CREATE INDEX group_members_user ON group_members (user_id);

      CREATE TABLE datasets (
        id uuid PRIMARY KEY,
        owner_group_id uuid NOT NULL REFERENCES groups (id),
        created_by uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX datasets_owner ON datasets (owner_group_id);

      -- Further groups that may read a dataset's embargoed and restricted data.
      CREATE TABLE dataset_grants (
        dataset_id uuid NOT NULL REFERENCES datasets (id),
        group_id uuid NOT NULL REFERENCES groups (id),
        granted_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (dataset_id, group_id)
      );

      CREATE TABLE dataset_versions (
        id uuid PRIMARY KEY,
        dataset_id uuid NOT NULL REFERENCES datasets (id),
        number integer NOT NULL CHECK (number >= 1),
        state text NOT NULL CHECK (state IN ('draft', 'published', 'withdrawn')),
        metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
        metadata_sha256 text NOT NULL,
        revision integer NOT NULL DEFAULT 0,
        title text,
        description text,
        version_label text,
        license text,
        publication_year integer,
        keywords text[] NOT NULL DEFAULT '{}',
        embargo_until timestamptz,
        previous_version_id uuid REFERENCES dataset_versions (id),
        software_name text,
        software_version text,
        created_by uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        withdrawn_at timestamptz,
        withdrawal_reason text,
        UNIQUE (dataset_id, number),
        CHECK (state = 'draft' OR published_at IS NOT NULL),
        CHECK (state <> 'withdrawn' OR (withdrawn_at IS NOT NULL AND withdrawal_reason IS NOT NULL))
      );
      CREATE UNIQUE INDEX dataset_versions_one_draft ON dataset_versions (dataset_id) WHERE state = 'draft';
      CREATE INDEX dataset_versions_published ON dataset_versions (published_at) WHERE state <> 'draft';
      CREATE INDEX dataset_versions_license ON dataset_versions (license);
      CREATE INDEX dataset_versions_keywords ON dataset_versions USING gin (keywords);

      CREATE TABLE version_creators (
        version_id uuid NOT NULL REFERENCES dataset_versions (id) ON DELETE CASCADE,
        position integer NOT NULL,
        kind text NOT NULL CHECK (kind IN ('person', 'organization')),
        name text NOT NULL,
        given_name text,
        family_name text,
        orcid text CHECK (orcid ~ '^[0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{3}[0-9X]$'),
        ror text CHECK (ror ~ '^0[0-9a-hjkmnp-tv-z]{6}[0-9]{2}$'),
        affiliations jsonb NOT NULL DEFAULT '[]'::jsonb,
        PRIMARY KEY (version_id, position)
      );
      CREATE INDEX version_creators_orcid ON version_creators (orcid) WHERE orcid IS NOT NULL;

      CREATE TABLE version_related_identifiers (
        version_id uuid NOT NULL REFERENCES dataset_versions (id) ON DELETE CASCADE,
        position integer NOT NULL,
        relation_type text NOT NULL,
        identifier text NOT NULL,
        identifier_type text NOT NULL,
        PRIMARY KEY (version_id, position)
      );
      CREATE INDEX version_related_identifiers_identifier ON version_related_identifiers (identifier);

      CREATE TABLE version_files (
        id uuid PRIMARY KEY,
        version_id uuid NOT NULL REFERENCES dataset_versions (id),
        path text NOT NULL,
        size_bytes bigint NOT NULL CHECK (size_bytes >= 0),
        media_type text NOT NULL,
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        sha512 text NOT NULL CHECK (sha512 ~ '^[0-9a-f]{128}$'),
        storage_key text NOT NULL,
        restricted boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (version_id, path)
      );

      -- Earlier states of a published version's metadata; a correction never overwrites history.
      CREATE TABLE version_revisions (
        version_id uuid NOT NULL REFERENCES dataset_versions (id),
        revision integer NOT NULL,
        metadata jsonb NOT NULL,
        metadata_sha256 text NOT NULL,
        reason text,
        superseded_at timestamptz NOT NULL DEFAULT now(),
        superseded_by uuid NOT NULL REFERENCES users (id),
        PRIMARY KEY (version_id, revision)
      );

      CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor_id uuid REFERENCES users (id),
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text NOT NULL,
        dataset_id uuid REFERENCES datasets (id),
        before_sha256 text,
        after_sha256 text,
        details jsonb NOT NULL DEFAULT '{}'::jsonb
      );
      CREATE INDEX audit_log_dataset ON audit_log (dataset_id, id);
      CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id, id);

      CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$;
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();

      -- Files of a published or withdrawn version never change; enforced below the application too.
      CREATE FUNCTION version_files_frozen_after_publish() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        version_state text;
      BEGIN
        SELECT state INTO version_state FROM dataset_versions
          WHERE id = COALESCE(NEW.version_id, OLD.version_id);
        IF version_state IS DISTINCT FROM 'draft' THEN
          RAISE EXCEPTION 'files of a % version are immutable', version_state USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN COALESCE(NEW, OLD);
      END $$;
      CREATE TRIGGER version_files_frozen BEFORE INSERT OR UPDATE OR DELETE ON version_files
        FOR EACH ROW EXECUTE FUNCTION version_files_frozen_after_publish();
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE version_revisions, version_files, version_related_identifiers, version_creators,
        audit_log, dataset_versions, dataset_grants, datasets, group_members, groups, api_tokens, users CASCADE;
      DROP FUNCTION audit_log_is_append_only(), version_files_frozen_after_publish();
    `);
  }
}
