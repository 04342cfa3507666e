import type { QueryNode, TextField } from '../query/query-ast.js';
import type { SearchFilters, SearchViewer, SortOrder } from '../ports/search-index.port.js';

/**
 * Translation of a parsed query and filters into SQL over `search_documents`. User text only ever
 * reaches PostgreSQL as bound parameters: words are first turned into `tsquery` values by PostgreSQL
 * itself ({@link TextQueryPlan}), and their canonical text is bound back as `$n::tsquery`, so that the
 * planner sees constants and uses the GIN indexes.
 */

/** How PostgreSQL analysed one text node: its tsquery (empty when only stop words) and folded text. */
export interface AnalysedText {
  readonly tsquery: string;
  readonly folded: string;
}

export type TextNodeKind = 'plain' | 'phrase' | 'prefix' | 'fuzzy';

/** A word or phrase of the query that PostgreSQL must analyse before the search runs. */
export interface TextToAnalyse {
  readonly kind: TextNodeKind;
  readonly text: string;
}

/** Collects the text nodes of a query, in the order {@link SqlQueryBuilder} visits them. */
export function textsToAnalyse(node: QueryNode): TextToAnalyse[] {
  const texts: TextToAnalyse[] = [];
  const visit = (current: QueryNode): void => {
    switch (current.kind) {
      case 'term':
        texts.push({ kind: termKind(current), text: termText(current) });
        return;
      case 'phrase':
        texts.push({ kind: 'phrase', text: current.text });
        return;
      case 'and':
      case 'or':
        current.children.forEach(visit);
        return;
      case 'not':
        visit(current.child);
        return;
      case 'all':
      case 'identifier':
      case 'field':
      case 'year':
        return;
    }
  };
  visit(node);
  return texts;
}

function termKind(term: Extract<QueryNode, { kind: 'term' }>): TextNodeKind {
  if (term.match === 'fuzzy') return 'fuzzy';
  if (term.match === 'prefix' && /^[\p{L}\p{N}]+$/u.test(term.text)) return 'prefix';
  return 'plain';
}

function termText(term: Extract<QueryNode, { kind: 'term' }>): string {
  return term.text;
}

const TEXT_VECTORS: Readonly<Record<TextField, string>> = {
  title: 'title_tsv',
  description: 'description_tsv',
  creator: 'creator_tsv',
  keyword: 'keyword_tsv',
};

/**
 * Bound parameters of one statement, numbered as they are added. PostgreSQL refuses parameters a
 * statement does not use, so even the time of the search is only bound where something refers to it.
 */
export class SqlParameters {
  readonly values: unknown[] = [];
  private nowReference: string | undefined;

  constructor(private readonly nowValue: Date) {}

  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return `$${this.values.length}${cast === undefined ? '' : `::${cast}`}`;
  }

  /** The time of the search, which decides whether embargoes still run. */
  now(): string {
    this.nowReference ??= this.add(this.nowValue.toISOString(), 'timestamptz');
    return this.nowReference;
  }

  /** A copy for a statement that extends this one's conditions. */
  copy(): SqlParameters {
    const copy = new SqlParameters(this.nowValue);
    copy.values.push(...this.values);
    copy.nowReference = this.nowReference;
    return copy;
  }
}

/** SQL expression of the access state at `now`, shared by the access filter and the access facet. */
export function accessStateSql(now: string): string {
  return `(CASE WHEN embargo_until > ${now} THEN 'embargoed' WHEN has_restricted_files THEN 'restricted' ELSE 'open' END)`;
}

export class SqlQueryBuilder {
  private next = 0;
  /** tsqueries of text nodes not under a NOT: what ranking and highlighting use. */
  readonly positiveTsqueries: string[] = [];

  constructor(
    private readonly params: SqlParameters,
    private readonly analysed: readonly AnalysedText[],
  ) {}

  /** The WHERE condition of a query node; never NULL. */
  condition(node: QueryNode, negated = false): string {
    switch (node.kind) {
      case 'all':
        return 'TRUE';
      case 'term':
      case 'phrase':
        return this.textCondition(node, negated);
      case 'identifier':
        return `identifiers @> ARRAY[${this.params.add(node.value, 'text')}]`;
      case 'field':
        switch (node.field) {
          case 'experiment':
            return `facilities @> ARRAY[${this.params.add(node.value, 'text')}]`;
          case 'messenger':
            return `messengers @> ARRAY[${this.params.add(node.value, 'text')}]`;
          case 'type':
            return `COALESCE(resource_type = ${this.params.add(node.value, 'text')}, FALSE)`;
          case 'license':
            return `COALESCE(license = ${this.params.add(node.value, 'text')}, FALSE)`;
        }
        return 'FALSE';
      case 'year': {
        const parts = ['publication_year IS NOT NULL'];
        if (node.from !== null) parts.push(`publication_year >= ${this.params.add(node.from, 'int')}`);
        if (node.to !== null) parts.push(`publication_year <= ${this.params.add(node.to, 'int')}`);
        return `(${parts.join(' AND ')})`;
      }
      case 'and':
        return `(${node.children.map((child) => this.condition(child, negated)).join(' AND ')})`;
      case 'or':
        return `(${node.children.map((child) => this.condition(child, negated)).join(' OR ')})`;
      case 'not':
        return `(NOT ${this.condition(node.child, !negated)})`;
    }
  }

  private textCondition(node: Extract<QueryNode, { kind: 'term' | 'phrase' }>, negated: boolean): string {
    const analysed = this.analysed[this.next];
    this.next += 1;
    if (analysed === undefined) throw new Error('text node without analysis');
    if (node.kind === 'term' && node.match === 'fuzzy' && analysed.tsquery === '') {
      // Neither the word nor anything like it is indexed (or it is a stop word).
      return analysed.folded.trim() === '' ? 'TRUE' : 'FALSE';
    }
    // Only stop words ("the", "of"): they restrict nothing, as in every search engine.
    if (analysed.tsquery === '') return 'TRUE';
    if (!negated) this.positiveTsqueries.push(analysed.tsquery);
    const vector = node.field === null ? 'all_tsv' : TEXT_VECTORS[node.field];
    const match = `${vector} @@ ${this.params.add(analysed.tsquery, 'tsquery')}`;
    // Excluded words are looked up once through the index and hashed, rather than tested against each
    // hit's text vector, which would be read from TOAST.
    return negated ? `dataset_id IN (SELECT dataset_id FROM search_documents WHERE ${match})` : match;
  }
}

/** The WHERE conditions of the filters and of what the viewer may see. */
export function filterConditions(
  filters: SearchFilters,
  viewer: SearchViewer,
  params: SqlParameters,
): string[] {
  const conditions: string[] = [];
  if (!viewer.isAdmin) {
    conditions.push(
      viewer.groupIds.length === 0
        ? 'is_public'
        : `(is_public OR reader_group_ids && ${params.add(viewer.groupIds, 'uuid[]')})`,
    );
  }
  const anyOf = (column: string, values: readonly string[]): void => {
    if (values.length > 0) conditions.push(`${column} && ${params.add(values, 'text[]')}`);
  };
  anyOf('facilities', filters.experiment);
  anyOf('messengers', filters.messenger);
  anyOf(
    'keywords',
    filters.keyword.map((keyword) => keyword.toLowerCase()),
  );
  if (filters.type.length > 0)
    conditions.push(`COALESCE(resource_type = ANY(${params.add(filters.type, 'text[]')}), FALSE)`);
  if (filters.license.length > 0) {
    const licenses = filters.license.map((license) => license.toLowerCase());
    conditions.push(`COALESCE(license = ANY(${params.add(licenses, 'text[]')}), FALSE)`);
  }
  if (filters.access.length > 0)
    conditions.push(`${accessStateSql(params.now())} = ANY(${params.add(filters.access, 'text[]')})`);
  if (filters.yearFrom !== null)
    conditions.push(`publication_year >= ${params.add(filters.yearFrom, 'int')}`);
  if (filters.yearTo !== null) conditions.push(`publication_year <= ${params.add(filters.yearTo, 'int')}`);
  if (filters.timeFrom !== null || filters.timeTo !== null) {
    conditions.push('time_start IS NOT NULL');
    if (filters.timeTo !== null)
      conditions.push(`time_start <= ${params.add(filters.timeTo.toISOString(), 'timestamptz')}`);
    if (filters.timeFrom !== null) {
      conditions.push(
        `COALESCE(time_end, 'infinity') >= ${params.add(filters.timeFrom.toISOString(), 'timestamptz')}`,
      );
    }
  }
  if (filters.energyFromEv !== null || filters.energyToEv !== null) {
    conditions.push('(energy_min_ev IS NOT NULL OR energy_max_ev IS NOT NULL)');
    if (filters.energyToEv !== null)
      conditions.push(`COALESCE(energy_min_ev, 0) <= ${params.add(filters.energyToEv, 'float8')}`);
    if (filters.energyFromEv !== null) {
      conditions.push(`COALESCE(energy_max_ev, 'Infinity') >= ${params.add(filters.energyFromEv, 'float8')}`);
    }
  }
  if (filters.cone !== null) {
    const { ra, dec, radius } = filters.cone;
    const rad = Math.PI / 180;
    const [x, y, z] = [
      Math.cos(dec * rad) * Math.cos(ra * rad),
      Math.cos(dec * rad) * Math.sin(ra * rad),
      Math.sin(dec * rad),
    ].map((component) => params.add(component, 'float8'));
    const r = params.add(radius, 'float8');
    // ICRS cones by the angle between unit vectors (atan2 of cross and dot products: exact at 0 and 180
    // degrees); every other region kind by the general function.
    conditions.push(
      `(sky_all
        OR EXISTS (SELECT 1 FROM unnest(sky_cone_x, sky_cone_y, sky_cone_z, sky_cone_radius) AS c(x, y, z, radius)
                    WHERE atan2d(sqrt((c.y * ${z} - c.z * ${y})^2 + (c.z * ${x} - c.x * ${z})^2 + (c.x * ${y} - c.y * ${x})^2),
                                 c.x * ${x} + c.y * ${y} + c.z * ${z}) <= c.radius + ${r} + 1e-9)
        OR (sky_other <> '[]'::jsonb
            AND apdc_sky_cone_intersects(sky_other, ${params.add(ra, 'float8')}, ${params.add(dec, 'float8')}, ${r})))`,
    );
  }
  return conditions;
}

/** ORDER BY of a sort, and the sort key selected for the cursor. */
export function sortSql(sort: SortOrder, rank: string | null): { orderBy: string; keys: string[] } {
  switch (sort) {
    case 'relevance':
      if (rank !== null) return { orderBy: `${rank} DESC, dataset_id`, keys: [rank] };
      return sortSql('newest', null);
    case 'newest':
      return { orderBy: 'published_at DESC NULLS LAST, dataset_id', keys: ['published_at'] };
    case 'oldest':
      return { orderBy: 'published_at ASC NULLS LAST, dataset_id', keys: ['published_at'] };
    case 'title':
      return { orderBy: 'title_sort, dataset_id', keys: ['title_sort'] };
  }
}
