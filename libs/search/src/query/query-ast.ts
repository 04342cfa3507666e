/**
 * The parsed form of a free-text query. Adapters translate it into their own query language; they never
 * see the user's text, so no user input reaches SQL or Elasticsearch as syntax.
 */

/** Fields matched as analysed text (stemmed, accent-insensitive). `null` means all text fields. */
export const TEXT_FIELDS = ['title', 'description', 'creator', 'keyword'] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

/** Fields matched exactly against a normalised value (lower case slug, SPDX id or year). */
export const EXACT_FIELDS = ['experiment', 'messenger', 'type', 'license'] as const;
export type ExactField = (typeof EXACT_FIELDS)[number];

export type QueryNode =
  /** The empty query: every document. */
  | { readonly kind: 'all' }
  /**
   * One word. `prefix` matches words starting with it (`neutr*`); `fuzzy` tolerates typos (`neutrnio~`).
   * Words that the analyser drops (stop words) match everything.
   */
  | {
      readonly kind: 'term';
      readonly field: TextField | null;
      readonly text: string;
      readonly match: 'exact' | 'prefix' | 'fuzzy';
    }
  /** Words in this order (`"cosmic ray"`). */
  | { readonly kind: 'phrase'; readonly field: TextField | null; readonly text: string }
  /** A persistent identifier, normalised by {@link normalizeIdentifier}, matched exactly. */
  | { readonly kind: 'identifier'; readonly value: string }
  /** `experiment:icecube`, `license:cc-by-4.0`: value lower-cased. */
  | { readonly kind: 'field'; readonly field: ExactField; readonly value: string }
  /** `year:2019`, `year:2015..2020`, `year:2015..`, `year:..2020` (inclusive). */
  | { readonly kind: 'year'; readonly from: number | null; readonly to: number | null }
  | { readonly kind: 'and'; readonly children: readonly QueryNode[] }
  | { readonly kind: 'or'; readonly children: readonly QueryNode[] }
  | { readonly kind: 'not'; readonly child: QueryNode };
