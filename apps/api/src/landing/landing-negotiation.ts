import {
  METADATA_FORMATS,
  type MediaRange,
  type MetadataFormat,
  negotiateMetadataFormat,
  parseAcceptHeader,
} from '@apdc/metadata';
import { DomainError } from '@apdc/platform';

export const HTML = 'text/html';
export const BIBLIOGRAPHY = 'text/x-bibliography';
export const LINKSET_JSON = 'application/linkset+json';
const XHTML = 'application/xhtml+xml';

/** What a landing page (or the DOI resolver) answers a request with. */
export type LandingRepresentation =
  | { readonly kind: 'html' }
  | { readonly kind: 'linkset' }
  | {
      readonly kind: 'bibliography';
      readonly style: string | undefined;
      readonly locale: string | undefined;
    }
  | { readonly kind: 'metadata'; readonly format: MetadataFormat };

/** What the query string of a landing page may ask for. */
export interface LandingQuery {
  /** A key of METADATA_FORMATS. */
  readonly format?: string | undefined;
  /** A citation style; asks for text/x-bibliography. */
  readonly style?: string | undefined;
  /** A citation locale; asks for text/x-bibliography. */
  readonly locale?: string | undefined;
}

interface Variant {
  readonly mediaType: string;
  readonly profile?: string | undefined;
}

interface Match {
  readonly quality: number;
  readonly specificity: number;
  readonly range: MediaRange;
}

/**
 * How acceptable a variant is: the quality of the most specific range that matches it (RFC 9110 §12.5.1),
 * or undefined when none does. A `profile` parameter narrows a range to the formats with that profile.
 */
function acceptability(ranges: readonly MediaRange[], variant: Variant): Match | undefined {
  const [type, subtype] = variant.mediaType.split('/');
  let best: Match | undefined;
  for (const range of ranges) {
    let specificity: number;
    if (range.type === 'application' && range.subtype === 'json' && !range.parameters.has('profile')) {
      // Plain JSON clients get the stored JSON-LD, as from the metadata endpoint.
      if (variant.mediaType !== 'application/ld+json' || variant.profile !== undefined) continue;
      specificity = 4;
    } else {
      if (range.type !== '*' && range.type !== type) continue;
      if (range.subtype !== '*' && range.subtype !== subtype) continue;
      const profile = range.parameters.get('profile');
      if (profile !== undefined && profile !== variant.profile) continue;
      specificity =
        (range.type === '*' ? 0 : 2) + (range.subtype === '*' ? 0 : 2) + (profile === undefined ? 0 : 1);
    }
    if (best === undefined || specificity > best.specificity) {
      best = { quality: range.quality, specificity, range };
    }
  }
  return best;
}

/**
 * DataCite-style content negotiation for landing pages and the DOI resolver.
 *
 * - `?format=<key>` asks for that metadata format; `?style=` or `?locale=` for a formatted citation.
 * - Otherwise `Accept`: HTML, a formatted citation (`text/x-bibliography; style=…; locale=…`), the
 *   Signposting link set, or any metadata format (chosen by negotiateMetadataFormat, as the metadata
 *   endpoint does). The most acceptable wins; HTML wins every tie, so browsers and `*` get the page.
 * - No `Accept` at all means the page.
 *
 * `undefined`: nothing offered is acceptable (406).
 */
export function negotiateLanding(
  accept: string | undefined,
  query: LandingQuery,
): LandingRepresentation | undefined {
  const ranges = accept === undefined || accept.trim() === '' ? undefined : parseAcceptHeader(accept);
  if (query.format !== undefined) {
    const format = negotiateMetadataFormat(undefined, query.format);
    return format === undefined ? undefined : { kind: 'metadata', format };
  }
  if (query.style !== undefined || query.locale !== undefined) {
    const parameters =
      ranges === undefined ? undefined : acceptability(ranges, { mediaType: BIBLIOGRAPHY })?.range.parameters;
    return {
      kind: 'bibliography',
      style: query.style ?? parameters?.get('style'),
      locale: query.locale ?? parameters?.get('locale'),
    };
  }
  if (ranges === undefined) return { kind: 'html' };

  const bibliography = acceptability(ranges, { mediaType: BIBLIOGRAPHY });
  const candidates: Array<{
    readonly representation: () => LandingRepresentation;
    readonly match: Match | undefined;
  }> = [
    {
      representation: () => ({ kind: 'html' }),
      match: acceptability(ranges, { mediaType: HTML }) ?? acceptability(ranges, { mediaType: XHTML }),
    },
    {
      representation: () => ({ kind: 'linkset' }),
      match: acceptability(ranges, { mediaType: LINKSET_JSON }),
    },
    {
      representation: () => ({
        kind: 'bibliography',
        style: bibliography?.range.parameters.get('style'),
        locale: bibliography?.range.parameters.get('locale'),
      }),
      match: bibliography,
    },
  ];
  let bestMetadata: { format: MetadataFormat; match: Match } | undefined;
  for (const format of METADATA_FORMATS) {
    const match = acceptability(ranges, format);
    if (match !== undefined && (bestMetadata === undefined || isBetter(match, bestMetadata.match))) {
      bestMetadata = { format, match };
    }
  }
  if (bestMetadata !== undefined) {
    const fallback = bestMetadata.format;
    candidates.push({
      // The metadata endpoint's own choice, so that both answer an Accept header with the same format.
      representation: () => ({
        kind: 'metadata',
        format: asDataCiteResolverAnswers(negotiateMetadataFormat(accept, undefined) ?? fallback),
      }),
      match: bestMetadata.match,
    });
  }

  // The page (first) keeps every tie on quality; between the others, specificity then header order decide.
  let winner: { readonly index: number; readonly match: Match } | undefined;
  for (const [index, candidate] of candidates.entries()) {
    const match = candidate.match;
    if (match === undefined || match.quality <= 0) continue;
    if (
      winner === undefined ||
      match.quality > winner.match.quality ||
      (match.quality === winner.match.quality && winner.index !== 0 && isBetter(match, winner.match))
    ) {
      winner = { index, match };
    }
  }
  return winner === undefined ? undefined : candidates[winner.index]?.representation();
}

function isBetter(candidate: Match, incumbent: Match): boolean {
  if (candidate.quality !== incumbent.quality) return candidate.quality > incumbent.quality;
  if (candidate.specificity !== incumbent.specificity) return candidate.specificity > incumbent.specificity;
  return candidate.range.order < incumbent.range.order;
}

/** Everything a landing page can answer, for the 406 problem. */
export function offeredRepresentations(): Array<{
  mediaType: string;
  profile?: string;
  description: string;
}> {
  return [
    { mediaType: HTML, description: 'the landing page' },
    {
      mediaType: BIBLIOGRAPHY,
      description: 'a formatted citation; parameters style and locale (or ?style=&locale=)',
    },
    { mediaType: LINKSET_JSON, description: 'FAIR Signposting link set (RFC 9264)' },
    ...METADATA_FORMATS.map((format) => ({
      mediaType: format.mediaType,
      ...(format.profile === undefined ? {} : { profile: format.profile }),
      description: `${format.description} (?format=${format.key})`,
    })),
  ];
}

/** 406: nothing a landing page offers is acceptable; the answer lists every media type it can send. */
export class NotAcceptableLandingError extends DomainError {
  readonly kind = 'not-acceptable';
  readonly code = 'landing.not-acceptable';
  constructor() {
    super(
      'None of the representations of this page is acceptable; ask for one of "offered" (Accept, ?format=, ?style=)',
      [],
      { offered: offeredRepresentations() },
    );
  }
}

const SCHEMA_ORG_FORMAT = METADATA_FORMATS.find((format) => format.key === 'schema.org');

/**
 * Like DataCite's resolver, plain `application/ld+json` on a landing page or DOI means schema.org: the
 * document that any consumer can read without our context. (The metadata endpoint serves ours.)
 */
function asDataCiteResolverAnswers(format: MetadataFormat): MetadataFormat {
  return format.key === 'jsonld' && SCHEMA_ORG_FORMAT !== undefined ? SCHEMA_ORG_FORMAT : format;
}
