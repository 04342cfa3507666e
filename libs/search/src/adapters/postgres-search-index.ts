import { DataSource, type EntityManager } from 'typeorm';
import { queryRows } from '@apdc/platform';
import {
  type DigestEntry,
  FACET_NAMES,
  type FacetBucket,
  type FacetName,
  type SearchAfter,
  SearchIndex,
  type SearchRequest,
  type SearchResult,
  type SearchViewer,
} from '../ports/search-index.port.js';
import type { IndexedDocument, SearchDocument } from '../search-document.js';
import { HIGHLIGHT_END, HIGHLIGHT_START, markupHighlight } from './highlight-markup.js';
import {
  type AnalysedText,
  SqlParameters,
  SqlQueryBuilder,
  accessStateSql,
  filterConditions,
  sortSql,
  textsToAnalyse,
} from './postgres-search-query.js';

const KEYWORD_FACET_SIZE = 20;

/** Columns of `search_documents` computed from the document JSON `d` (see the migration). */
const UPSERT_SQL = `
  WITH input AS (
    SELECT e->'document' AS d, e->>'digest' AS digest FROM jsonb_array_elements($1::jsonb) AS e
  ), parts AS (
    SELECT d, digest,
           coalesce(d->>'title', '') AS title,
           coalesce(d->>'description', '') AS description,
           array_to_string(ARRAY(SELECT jsonb_array_elements_text(d->'creators')), ' ; ') AS creators,
           array_to_string(ARRAY(SELECT jsonb_array_elements_text(d->'keywords')), ' ; ') AS keywords,
           array_to_string(ARRAY(SELECT jsonb_array_elements_text(d->'labels')), ' ; ') AS labels,
           ARRAY(SELECT r FROM jsonb_array_elements(d->'skyCoverage') AS r
                  WHERE r->>'kind' = 'cone' AND r->>'frame' = 'icrs') AS icrs_cones,
           coalesce((SELECT jsonb_agg(r) FROM jsonb_array_elements(d->'skyCoverage') AS r
                      WHERE r->>'kind' <> 'all-sky' AND NOT (r->>'kind' = 'cone' AND r->>'frame' = 'icrs')),
                    '[]'::jsonb) AS other_regions
      FROM input
  )
  INSERT INTO search_documents AS s (
    dataset_id, digest, document, is_public, reader_group_ids, title_sort, published_at, publication_year,
    facilities, messengers, resource_type, license, keywords, identifiers, time_start, time_end,
    energy_min_ev, energy_max_ev, sky_coverage, sky_all, sky_cone_x, sky_cone_y, sky_cone_z,
    sky_cone_radius, sky_other, embargo_until, has_restricted_files,
    title_tsv, description_tsv, creator_tsv, keyword_tsv, all_tsv, rank_tsv, indexed_at)
  SELECT (d->>'datasetId')::uuid, digest, d, (d->>'public')::boolean,
         ARRAY(SELECT jsonb_array_elements_text(d->'readerGroupIds'))::uuid[],
         lower(unaccent(title)),
         (d->>'publishedAt')::timestamptz, (d->>'publicationYear')::integer,
         ARRAY(SELECT jsonb_array_elements_text(d->'facilities')),
         ARRAY(SELECT jsonb_array_elements_text(d->'messengers')),
         d->>'resourceType', lower(d->>'license'),
         ARRAY(SELECT lower(k) FROM jsonb_array_elements_text(d->'keywords') AS k),
         ARRAY(SELECT jsonb_array_elements_text(d->'identifiers')),
         (d->>'timeStart')::timestamptz, (d->>'timeEnd')::timestamptz,
         (d->>'energyMinEv')::float8, (d->>'energyMaxEv')::float8,
         d->'skyCoverage',
         EXISTS (SELECT 1 FROM jsonb_array_elements(d->'skyCoverage') AS r WHERE r->>'kind' = 'all-sky'),
         ARRAY(SELECT cosd((c->>'lat')::float8) * cosd((c->>'lon')::float8) FROM unnest(icrs_cones) AS c),
         ARRAY(SELECT cosd((c->>'lat')::float8) * sind((c->>'lon')::float8) FROM unnest(icrs_cones) AS c),
         ARRAY(SELECT sind((c->>'lat')::float8) FROM unnest(icrs_cones) AS c),
         ARRAY(SELECT (c->>'radius')::float8 FROM unnest(icrs_cones) AS c),
         other_regions,
         (d->>'embargoUntil')::timestamptz, (d->>'hasRestrictedFiles')::boolean,
         to_tsvector('apdc_english', title),
         to_tsvector('apdc_english', description),
         to_tsvector('apdc_english', creators),
         to_tsvector('apdc_english', keywords),
         setweight(to_tsvector('apdc_english', title), 'A')
           || setweight(to_tsvector('apdc_english', keywords || ' ; ' || labels), 'B')
           || setweight(to_tsvector('apdc_english', creators), 'C')
           || setweight(to_tsvector('apdc_english', description), 'D'),
         setweight(to_tsvector('apdc_english', title), 'A')
           || setweight(to_tsvector('apdc_english', keywords || ' ; ' || labels), 'B')
           || setweight(to_tsvector('apdc_english', creators), 'C')
           || setweight(to_tsvector('apdc_english', left(description, 500)), 'D'),
         now()
    FROM parts
  ON CONFLICT (dataset_id) DO UPDATE SET
    digest = EXCLUDED.digest, document = EXCLUDED.document, is_public = EXCLUDED.is_public,
    reader_group_ids = EXCLUDED.reader_group_ids, title_sort = EXCLUDED.title_sort,
    published_at = EXCLUDED.published_at, publication_year = EXCLUDED.publication_year,
    facilities = EXCLUDED.facilities, messengers = EXCLUDED.messengers,
    resource_type = EXCLUDED.resource_type, license = EXCLUDED.license, keywords = EXCLUDED.keywords,
    identifiers = EXCLUDED.identifiers, time_start = EXCLUDED.time_start, time_end = EXCLUDED.time_end,
    energy_min_ev = EXCLUDED.energy_min_ev, energy_max_ev = EXCLUDED.energy_max_ev,
    sky_coverage = EXCLUDED.sky_coverage, sky_all = EXCLUDED.sky_all, sky_cone_x = EXCLUDED.sky_cone_x,
    sky_cone_y = EXCLUDED.sky_cone_y, sky_cone_z = EXCLUDED.sky_cone_z,
    sky_cone_radius = EXCLUDED.sky_cone_radius, sky_other = EXCLUDED.sky_other, embargo_until = EXCLUDED.embargo_until,
    has_restricted_files = EXCLUDED.has_restricted_files, title_tsv = EXCLUDED.title_tsv,
    description_tsv = EXCLUDED.description_tsv, creator_tsv = EXCLUDED.creator_tsv,
    keyword_tsv = EXCLUDED.keyword_tsv, all_tsv = EXCLUDED.all_tsv, rank_tsv = EXCLUDED.rank_tsv,
    indexed_at = EXCLUDED.indexed_at`;

const WORDS_SQL = `
  INSERT INTO search_words (word)
  SELECT DISTINCT w
    FROM jsonb_array_elements($1::jsonb) AS e,
         LATERAL (SELECT e->'document' AS d) AS x,
         regexp_split_to_table(
           lower(unaccent(concat_ws(' ', d->>'title',
             array_to_string(ARRAY(SELECT jsonb_array_elements_text(d->'keywords')), ' '),
             array_to_string(ARRAY(SELECT jsonb_array_elements_text(d->'creators')), ' '),
             array_to_string(ARRAY(SELECT jsonb_array_elements_text(d->'labels')), ' '),
             d->>'description'))),
           '[^[:alnum:]]+') AS w
   WHERE length(w) BETWEEN 3 AND 40
  ON CONFLICT DO NOTHING`;

/** Fuzzy words become the word itself OR up to 8 indexed words that share enough of its trigrams. */
const ANALYSE_SQL = `
  SELECT CASE x.kind
           WHEN 'phrase' THEN phraseto_tsquery('apdc_english', x.text)::text
           WHEN 'prefix' THEN to_tsquery('apdc_english', x.text || ':*')::text
           WHEN 'fuzzy' THEN coalesce((
             SELECT string_agg(DISTINCT '(' || q::text || ')', ' | ')
               FROM (SELECT plainto_tsquery('apdc_english', x.text) AS q
                     UNION ALL
                     SELECT plainto_tsquery('apdc_english', s.word)
                       FROM (SELECT word FROM search_words
                              WHERE word % lower(unaccent(x.text))
                              ORDER BY similarity(word, lower(unaccent(x.text))) DESC, word
                              LIMIT 8) AS s) AS candidates
              WHERE numnode(q) > 0), '')
           ELSE plainto_tsquery('apdc_english', x.text)::text
         END AS tsquery,
         lower(unaccent(x.text)) AS folded
    FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS x(kind, text, position)
   ORDER BY x.position`;

interface HitRow {
  dataset_id: string;
  document: SearchDocument;
  rank: number | null;
  published_at: Date | null;
  title_sort: string;
  title_highlight: string | null;
  description_highlight: string | null;
}

/** The search index in the service's own PostgreSQL (the default; no extra server needed). */
export class PostgresSearchIndex extends SearchIndex {
  readonly adapterName = 'postgresql';

  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async ensureReady(): Promise<void> {
    // The table and functions come with the migrations; nothing to create at run time.
  }

  async put(documents: readonly IndexedDocument[]): Promise<void> {
    if (documents.length === 0) return;
    const json = JSON.stringify(documents);
    await this.dataSource.query(UPSERT_SQL, [json]);
    await this.dataSource.query(WORDS_SQL, [json]);
  }

  async remove(datasetIds: readonly string[]): Promise<void> {
    if (datasetIds.length === 0) return;
    await this.dataSource.query(`DELETE FROM search_documents WHERE dataset_id = ANY($1::uuid[])`, [
      datasetIds,
    ]);
  }

  async digests(afterDatasetId: string | null, limit: number): Promise<readonly DigestEntry[]> {
    const rows = await queryRows<{ dataset_id: string; digest: string }>(
      this.dataSource.manager,
      `SELECT dataset_id, digest FROM search_documents
        WHERE $1::uuid IS NULL OR dataset_id > $1::uuid ORDER BY dataset_id LIMIT $2`,
      [afterDatasetId, limit],
    );
    return rows.map((row) => ({ datasetId: row.dataset_id, digest: row.digest }));
  }

  async count(): Promise<number> {
    const [row] = await queryRows<{ count: string }>(
      this.dataSource.manager,
      `SELECT count(*) FROM search_documents`,
    );
    return Number(row?.count ?? 0);
  }

  async rebuild(batches: AsyncIterable<readonly IndexedDocument[]>): Promise<number> {
    const [start] = await queryRows<{ now: Date }>(
      this.dataSource.manager,
      `SELECT clock_timestamp() AS now`,
    );
    let indexed = 0;
    for await (const batch of batches) {
      await this.put(batch);
      indexed += batch.length;
    }
    // Rows not written since the start belong to datasets that are no longer discoverable.
    await this.dataSource.query(`DELETE FROM search_documents WHERE indexed_at < $1`, [start?.now]);
    return indexed;
  }

  async refresh(): Promise<void> {
    // Committed rows are visible at once.
  }

  async close(): Promise<void> {
    // The data source belongs to the application.
  }

  async search(request: SearchRequest, viewer: SearchViewer): Promise<SearchResult> {
    const texts = textsToAnalyse(request.query);
    const analysed =
      texts.length === 0
        ? []
        : await this.analyse(
            texts.map((t) => t.kind),
            texts.map((t) => t.text),
          );
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const params = new SqlParameters(request.now);
      const builder = new SqlQueryBuilder(params, analysed);
      const conditions = [
        builder.condition(request.query),
        ...filterConditions(request.filters, viewer, params),
      ];
      const where = conditions.join('\n AND ');
      if (builder.positiveTsqueries.length > 0) {
        // The planner does not cost reading large text vectors from TOAST, and would scan every row
        // for words that many documents share; the GIN index answers them without touching TOAST.
        await manager.query(`SET LOCAL enable_seqscan = off`);
      }
      const total = request.facets ? undefined : await this.total(manager, where, params.values);
      const facets = request.facets ? await this.facets(manager, where, params.copy()) : undefined;

      const page = params.copy();
      const positive = builder.positiveTsqueries.map((query) => `(${query})`).join(' | ');
      const rankQuery = positive === '' ? null : page.add(positive, 'tsquery');
      const rank = rankQuery === null ? null : `ts_rank(rank_tsv, ${rankQuery})`;
      const { orderBy } = sortSql(request.sort, rank);
      const after = request.after === null ? 'TRUE' : this.afterCondition(request, rank, page);
      const highlight = request.highlight && rankQuery !== null;
      const options = (extra: string): string =>
        `'StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_END}, ${extra}'`;
      const rows = await queryRows<HitRow>(
        manager,
        `SELECT dataset_id, document, published_at, title_sort,
                ${rank === null ? 'NULL::real' : rank} AS rank,
                ${highlight ? `ts_headline('apdc_english', document->>'title', ${rankQuery}, ${options('HighlightAll=true')})` : 'NULL'} AS title_highlight,
                ${highlight ? `ts_headline('apdc_english', document->>'description', ${rankQuery}, ${options('MaxFragments=2, MaxWords=30, MinWords=12')})` : 'NULL'} AS description_highlight
           FROM search_documents
          WHERE ${where} AND ${after}
          ORDER BY ${orderBy}
          LIMIT ${page.add(request.limit + 1, 'int')}`,
        page.values,
      );
      const pageRows = rows.slice(0, request.limit);
      const last = pageRows.at(-1);
      return {
        total: total ?? facets?.total ?? 0,
        hits: pageRows.map((row) => ({
          document: row.document,
          score: request.sort === 'relevance' && rank !== null ? row.rank : null,
          highlights: {
            ...(row.title_highlight?.includes(HIGHLIGHT_START)
              ? { title: markupHighlight(row.title_highlight) }
              : {}),
            ...(row.description_highlight?.includes(HIGHLIGHT_START)
              ? { description: markupHighlight(row.description_highlight) }
              : {}),
          },
        })),
        facets: facets?.buckets ?? {},
        next: rows.length > request.limit && last !== undefined ? this.sortKey(request, rank, last) : null,
      };
    });
  }

  private async analyse(kinds: string[], texts: string[]): Promise<AnalysedText[]> {
    return queryRows<AnalysedText>(this.dataSource.manager, ANALYSE_SQL, [kinds, texts]);
  }

  private sortKey(request: SearchRequest, rank: string | null, row: HitRow): SearchAfter {
    const sort = request.sort === 'relevance' && rank === null ? 'newest' : request.sort;
    switch (sort) {
      case 'relevance':
        return { sortValues: [row.rank], datasetId: row.dataset_id };
      case 'newest':
      case 'oldest':
        return { sortValues: [row.published_at?.toISOString() ?? null], datasetId: row.dataset_id };
      case 'title':
        return { sortValues: [row.title_sort], datasetId: row.dataset_id };
    }
  }

  private afterCondition(request: SearchRequest, rank: string | null, params: SqlParameters): string {
    const after = request.after;
    if (after === null) return 'TRUE';
    const id = params.add(after.datasetId, 'uuid');
    const [value] = after.sortValues;
    const sort = request.sort === 'relevance' && rank === null ? 'newest' : request.sort;
    switch (sort) {
      case 'relevance': {
        const score = params.add(typeof value === 'number' ? value : 0, 'real');
        return `(${rank ?? '0'} < ${score} OR (${rank ?? '0'} = ${score} AND dataset_id > ${id}))`;
      }
      case 'newest':
      case 'oldest': {
        if (value === null || value === undefined) return `(published_at IS NULL AND dataset_id > ${id})`;
        const at = params.add(String(value), 'timestamptz');
        const beyond = sort === 'newest' ? '<' : '>';
        return `(published_at ${beyond} ${at} OR (published_at = ${at} AND dataset_id > ${id}) OR published_at IS NULL)`;
      }
      case 'title': {
        const title = params.add(String(value ?? ''), 'text');
        return `(title_sort > ${title} OR (title_sort = ${title} AND dataset_id > ${id}))`;
      }
    }
  }

  private async total(manager: EntityManager, where: string, values: unknown[]): Promise<number> {
    const [row] = await queryRows<{ count: string }>(
      manager,
      `SELECT count(*) FROM search_documents WHERE ${where}`,
      values,
    );
    return Number(row?.count ?? 0);
  }

  private async facets(
    manager: EntityManager,
    where: string,
    params: SqlParameters,
  ): Promise<{ total: number; buckets: Partial<Record<FacetName, FacetBucket[]>> }> {
    const rows = await queryRows<{ facet: string; value: string | null; count: string }>(
      manager,
      `WITH hits AS MATERIALIZED (
         SELECT facilities, messengers, resource_type, license, keywords, publication_year,
                ${accessStateSql(params.now())} AS access
           FROM search_documents WHERE ${where}
       )
       SELECT 'total' AS facet, NULL AS value, count(*) FROM hits
       UNION ALL SELECT 'experiment', v, count(*) FROM hits, unnest(facilities) AS v GROUP BY v
       UNION ALL SELECT 'messenger', v, count(*) FROM hits, unnest(messengers) AS v GROUP BY v
       UNION ALL SELECT 'type', resource_type, count(*) FROM hits WHERE resource_type IS NOT NULL GROUP BY 2
       UNION ALL SELECT 'license', license, count(*) FROM hits WHERE license IS NOT NULL GROUP BY 2
       UNION ALL SELECT 'access', access, count(*) FROM hits GROUP BY 2
       UNION ALL SELECT 'year', publication_year::text, count(*) FROM hits
                  WHERE publication_year IS NOT NULL GROUP BY 2
       UNION ALL (SELECT 'keyword', v, count(*) FROM hits, unnest(keywords) AS v
                   GROUP BY v ORDER BY count(*) DESC, v LIMIT ${KEYWORD_FACET_SIZE})`,
      params.values,
    );
    const buckets: Partial<Record<FacetName, FacetBucket[]>> = {};
    for (const name of FACET_NAMES) buckets[name] = [];
    let total = 0;
    for (const row of rows) {
      if (row.facet === 'total') {
        total = Number(row.count);
        continue;
      }
      if (row.value === null) continue;
      buckets[row.facet as FacetName]?.push({ value: row.value, count: Number(row.count) });
    }
    for (const list of Object.values(buckets)) {
      list.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    }
    return { total, buckets };
  }
}
