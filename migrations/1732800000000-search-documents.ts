import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The PostgreSQL search index: one row per discoverable dataset, written by the search indexer from the
 * catalogue (never the source of truth, so no foreign keys: it may be dropped and rebuilt at any time).
 * Text is searched through the `apdc_english` configuration (English stemming, accents ignored) in
 * per-field and weighted combined vectors; `search_words` serves typo-tolerant matches through trigrams.
 */
export class SearchDocuments1732800000000 implements MigrationInterface {
  name = 'SearchDocuments1732800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE EXTENSION IF NOT EXISTS unaccent;
      CREATE EXTENSION IF NOT EXISTS pg_trgm;

      CREATE TEXT SEARCH CONFIGURATION apdc_english (COPY = english);
      ALTER TEXT SEARCH CONFIGURATION apdc_english
        ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;

      CREATE TABLE search_documents (
        dataset_id uuid PRIMARY KEY,
        digest text NOT NULL,
        document jsonb NOT NULL,
        is_public boolean NOT NULL,
        reader_group_ids uuid[] NOT NULL,
        title_sort text NOT NULL,
        published_at timestamptz,
        publication_year integer,
        facilities text[] NOT NULL,
        messengers text[] NOT NULL,
        resource_type text,
        license text,
        keywords text[] NOT NULL,
        identifiers text[] NOT NULL,
        time_start timestamptz,
        time_end timestamptz,
        energy_min_ev float8,
        energy_max_ev float8,
        sky_coverage jsonb NOT NULL,
        -- The coverage split for fast cone tests: all-sky, ICRS cones as unit vectors and radii (plain
        -- arithmetic), and every other region for apdc_sky_cone_intersects.
        sky_all boolean NOT NULL,
        sky_cone_x float8[] NOT NULL,
        sky_cone_y float8[] NOT NULL,
        sky_cone_z float8[] NOT NULL,
        sky_cone_radius float8[] NOT NULL,
        sky_other jsonb NOT NULL,
        embargo_until timestamptz,
        has_restricted_files boolean NOT NULL,
        title_tsv tsvector NOT NULL,
        description_tsv tsvector NOT NULL,
        creator_tsv tsvector NOT NULL,
        keyword_tsv tsvector NOT NULL,
        all_tsv tsvector NOT NULL,
        -- What relevance is computed from: title, keywords, creators and the start of the description. Small
        -- enough to stay in the row, so ranking thousands of hits reads no TOAST.
        rank_tsv tsvector NOT NULL,
        indexed_at timestamptz NOT NULL DEFAULT now()
      );
      -- Searches read the short columns of thousands of hits (ranking, facets): keep those in the row,
      -- and move the long ones (document, text vectors) out of it, so that hits fit densely in pages.
      ALTER TABLE search_documents SET (toast_tuple_target = 256);
      ALTER TABLE search_documents
        ALTER COLUMN rank_tsv SET STORAGE MAIN, ALTER COLUMN facilities SET STORAGE MAIN,
        ALTER COLUMN messengers SET STORAGE MAIN, ALTER COLUMN keywords SET STORAGE MAIN,
        ALTER COLUMN identifiers SET STORAGE MAIN, ALTER COLUMN reader_group_ids SET STORAGE MAIN,
        ALTER COLUMN title_sort SET STORAGE MAIN, ALTER COLUMN license SET STORAGE MAIN,
        ALTER COLUMN resource_type SET STORAGE MAIN, ALTER COLUMN sky_cone_x SET STORAGE MAIN,
        ALTER COLUMN sky_cone_y SET STORAGE MAIN, ALTER COLUMN sky_cone_z SET STORAGE MAIN,
        ALTER COLUMN sky_cone_radius SET STORAGE MAIN, ALTER COLUMN sky_other SET STORAGE MAIN;
      CREATE INDEX search_documents_all_tsv ON search_documents USING gin (all_tsv);
      CREATE INDEX search_documents_title_tsv ON search_documents USING gin (title_tsv);
      CREATE INDEX search_documents_description_tsv ON search_documents USING gin (description_tsv);
      CREATE INDEX search_documents_creator_tsv ON search_documents USING gin (creator_tsv);
      CREATE INDEX search_documents_keyword_tsv ON search_documents USING gin (keyword_tsv);
      CREATE INDEX search_documents_facilities ON search_documents USING gin (facilities);
      CREATE INDEX search_documents_messengers ON search_documents USING gin (messengers);
      CREATE INDEX search_documents_keywords ON search_documents USING gin (keywords);
      CREATE INDEX search_documents_identifiers ON search_documents USING gin (identifiers);
      CREATE INDEX search_documents_readers ON search_documents USING gin (reader_group_ids);
      CREATE INDEX search_documents_published ON search_documents (published_at DESC, dataset_id);
      CREATE INDEX search_documents_title_sort ON search_documents (title_sort, dataset_id);
      CREATE INDEX search_documents_year ON search_documents (publication_year);
      CREATE INDEX search_documents_time ON search_documents (time_start, time_end);
      CREATE INDEX search_documents_energy ON search_documents (energy_min_ev, energy_max_ev);

      -- Every word of titles, keywords, creators, labels and descriptions ever indexed (accents removed, lower case):
      -- typo-tolerant words (neutrnio~) are expanded to the similar words found here.
      CREATE TABLE search_words (word text PRIMARY KEY);
      CREATE INDEX search_words_trigrams ON search_words USING gin (word gin_trgm_ops);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE search_words;
      DROP TABLE search_documents;
      DROP TEXT SEARCH CONFIGURATION apdc_english;
    `);
  }
}
