import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * DOIs: one per version and one concept DOI per dataset, minted in the publishing transaction; their
 * registration state with DataCite is tracked on the version. Minted suffixes are kept forever, so that
 * none is ever handed out twice.
 */
export class DoiRegistration1732500000000 implements MigrationInterface {
  name = 'DoiRegistration1732500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE minted_doi_suffixes (
        suffix text PRIMARY KEY,
        minted_at timestamptz NOT NULL DEFAULT now()
      );
      ALTER TABLE datasets ADD COLUMN concept_doi text UNIQUE;
      ALTER TABLE dataset_versions
        ADD COLUMN doi text UNIQUE,
        ADD COLUMN doi_status text NOT NULL DEFAULT 'none'
          CHECK (doi_status IN ('none', 'pending', 'findable', 'registered', 'unregistered')),
        ADD COLUMN doi_attempts integer NOT NULL DEFAULT 0,
        ADD COLUMN doi_last_error text,
        ADD COLUMN doi_updated_at timestamptz;
      CREATE INDEX dataset_versions_doi_status ON dataset_versions (doi_status) WHERE doi_status = 'pending';
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE dataset_versions DROP COLUMN doi, DROP COLUMN doi_status, DROP COLUMN doi_attempts,
        DROP COLUMN doi_last_error, DROP COLUMN doi_updated_at;
      ALTER TABLE datasets DROP COLUMN concept_doi;
      DROP TABLE minted_doi_suffixes;
    `);
  }
}
