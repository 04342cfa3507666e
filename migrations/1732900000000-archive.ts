import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The long-term archive. A package is one revision of a published version as BagIt bags (more than one
 * when the policy's maximum bag size splits it into a bag group); each bag is placed in the copies its
 * policy asks for. A copy counts as stored only once its bytes were verified in place, so a crash midway
 * never leaves a partial copy counted. Audits and PREMIS events are the preservation history.
 */
export class Archive1732900000000 implements MigrationInterface {
  name = 'Archive1732900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE archive_packages (
        id uuid PRIMARY KEY,
        version_id uuid NOT NULL REFERENCES dataset_versions (id),
        revision integer NOT NULL,
        policy_id text NOT NULL,
        policy_sha256 text NOT NULL,
        max_bag_bytes bigint NOT NULL,
        state text NOT NULL CHECK (state IN ('deferred', 'packing', 'stored', 'failed', 'deleted')),
        created_at timestamptz NOT NULL DEFAULT date_trunc('second', now()),
        deferred_until timestamptz,
        stored_at timestamptz,
        last_error text,
        -- A package that keeps failing is tried again later and later (doubling, at most daily).
        failures integer NOT NULL DEFAULT 0,
        retry_after timestamptz,
        UNIQUE (version_id, revision)
      );
      CREATE INDEX archive_packages_state ON archive_packages (state) WHERE state <> 'stored';

      CREATE TABLE archive_bags (
        id uuid PRIMARY KEY,
        package_id uuid NOT NULL REFERENCES archive_packages (id),
        bag_index integer NOT NULL CHECK (bag_index >= 1),
        bag_count integer NOT NULL CHECK (bag_count >= bag_index),
        name text NOT NULL,
        payload_files integer NOT NULL,
        payload_bytes bigint NOT NULL,
        tar_bytes bigint NOT NULL,
        tar_sha256 text,
        -- What the bag says besides its payload, frozen when the bag is planned: every later copy or repair
        -- packed from the stored files is then byte-identical, whatever the catalogue says by then.
        bag_info jsonb NOT NULL,
        tag_files jsonb NOT NULL,
        UNIQUE (package_id, bag_index)
      );

      CREATE TABLE archive_bag_files (
        bag_id uuid NOT NULL REFERENCES archive_bags (id),
        path text NOT NULL,
        tar_offset bigint NOT NULL,
        size_bytes bigint NOT NULL,
        PRIMARY KEY (bag_id, path)
      );

      CREATE TABLE archive_copies (
        id uuid PRIMARY KEY,
        bag_id uuid NOT NULL REFERENCES archive_bags (id),
        copy_name text NOT NULL,
        storage_class text NOT NULL,
        object_key text NOT NULL UNIQUE,
        state text NOT NULL CHECK (state IN ('pending', 'stored', 'damaged', 'deleted')),
        sha256 text,
        server_checksum text,
        size_bytes bigint,
        stored_at timestamptz,
        audit_method text NOT NULL CHECK (audit_method IN ('rehash', 'stored-checksum')),
        audit_interval_seconds bigint NOT NULL,
        sampled_recall_fraction double precision NOT NULL DEFAULT 0,
        next_audit_at timestamptz,
        last_audit_at timestamptz,
        last_audit_outcome text,
        UNIQUE (bag_id, copy_name)
      );
      CREATE INDEX archive_copies_due ON archive_copies (next_audit_at) WHERE state IN ('stored', 'damaged');

      CREATE TABLE archive_audits (
        id uuid PRIMARY KEY,
        copy_id uuid NOT NULL REFERENCES archive_copies (id),
        method text NOT NULL CHECK (method IN ('rehash', 'stored-checksum', 'recall')),
        state text NOT NULL CHECK (state IN ('queued', 'recalling', 'passed', 'failed', 'repaired')),
        requested_by uuid,
        queued_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        problems jsonb NOT NULL DEFAULT '[]'
      );
      CREATE INDEX archive_audits_copy ON archive_audits (copy_id, queued_at DESC);
      -- One open audit per copy: concurrent sweeps and repeated requests must not recall a tape twice.
      CREATE UNIQUE INDEX archive_audits_open ON archive_audits (copy_id) WHERE state IN ('queued', 'recalling');

      CREATE TABLE archive_events (
        id uuid PRIMARY KEY,
        package_id uuid NOT NULL REFERENCES archive_packages (id),
        bag_id uuid REFERENCES archive_bags (id),
        copy_id uuid REFERENCES archive_copies (id),
        event_type text NOT NULL,
        event_at timestamptz NOT NULL,
        detail text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('success', 'failure', 'warning')),
        outcome_detail text,
        agent text NOT NULL,
        linked_objects text[] NOT NULL DEFAULT '{}'
      );
      CREATE INDEX archive_events_package ON archive_events (package_id, event_at, id);

      CREATE TABLE archive_retrievals (
        id uuid PRIMARY KEY,
        package_id uuid NOT NULL REFERENCES archive_packages (id),
        requested_by uuid NOT NULL,
        state text NOT NULL CHECK (state IN ('recalling', 'ready', 'failed')),
        requested_at timestamptz NOT NULL DEFAULT now(),
        ready_at timestamptz,
        expires_at timestamptz,
        copy_ids uuid[] NOT NULL,
        last_error text
      );
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE archive_retrievals, archive_events, archive_audits, archive_copies, archive_bag_files,
        archive_bags, archive_packages
    `);
  }
}
