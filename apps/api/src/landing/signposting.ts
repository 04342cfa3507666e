/**
 * FAIR Signposting level 2 (https://signposting.org/FAIR/) for landing pages: the typed links a machine
 * follows from a landing page to the persistent identifier, the metadata, the files, the licence and the
 * authors, as an HTTP `Link` header (RFC 8288) and as an RFC 9264 link set in `application/linkset+json`.
 */
import { METADATA_FORMATS, type ReleaseRecord } from '@apdc/metadata';
import { LINKSET_JSON } from './landing-negotiation.js';
import { type DatasetUrls, doiUrl, orcidUrl, rorUrl, spdxLicenseUrl } from './landing-urls.js';

export interface LinkTarget {
  readonly href: string;
  readonly type?: string;
  /** RFC 6906 profile URIs (e.g. the JSON-LD profile of a metadata format). */
  readonly profile?: readonly string[];
}

/** The relation types of Signposting, in the order the `Link` header lists them. */
export const SIGNPOSTING_RELATIONS = ['cite-as', 'describedby', 'item', 'license', 'type', 'author'] as const;
export type SignpostingRelation = (typeof SIGNPOSTING_RELATIONS)[number];

export interface Signposts {
  /** The landing page the links are about. */
  readonly anchor: string;
  readonly links: Readonly<Record<SignpostingRelation, readonly LinkTarget[]>>;
  /** Where the same links are served as a link set. */
  readonly linkset: string;
}

/**
 * The signposts of a landing page showing `record`: the version page (cited by the version DOI) or the
 * concept page (cited by the concept DOI), whose content is the newest version's.
 */
export function signpostsOf(
  record: ReleaseRecord,
  urls: DatasetUrls,
  page: { readonly kind: 'version' } | { readonly kind: 'concept' },
): Signposts {
  const anchor = page.kind === 'version' ? urls.versionPage(record.versionNumber) : urls.conceptPage();
  const pid = page.kind === 'version' ? record.doi : record.conceptDoi;
  const authors = record.metadata.creators.flatMap((creator) => [
    ...(creator.orcid === null ? [] : [orcidUrl(creator.orcid)]),
    ...(creator.ror === null ? [] : [rorUrl(creator.ror)]),
  ]);
  return {
    anchor,
    linkset: page.kind === 'version' ? urls.versionLinkset(record.versionNumber) : urls.conceptLinkset(),
    links: {
      'cite-as': [{ href: pid === null ? anchor : doiUrl(pid) }],
      describedby: METADATA_FORMATS.map((format) => ({
        href: urls.metadata(record.versionNumber, format.key),
        type: format.mediaType,
        ...(format.profile === undefined ? {} : { profile: [format.profile] }),
      })),
      item: record.files.map((file) => ({ href: file.url, type: file.mediaType })),
      license: record.metadata.license === null ? [] : [{ href: spdxLicenseUrl(record.metadata.license) }],
      type: [{ href: 'https://schema.org/Dataset' }, { href: 'https://schema.org/AboutPage' }],
      author: [...new Set(authors)].map((href) => ({ href })),
    },
  };
}

// A URI reference inside `<…>` must not hold `<`, `>`, quotes, spaces or controls; the catalogue's URLs
// are encoded already, this only guarantees that no value can break the header's syntax.
const LINK_UNSAFE = /[^\x21-\x7e]|[<>"]/gu;

function target(href: string): string {
  return `<${href.replace(LINK_UNSAFE, (character) => encodeURIComponent(character))}>`;
}

function quoted(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&').replace(/[^\x20-\x7e]/g, '')}"`;
}

/**
 * The `Link` header value. Items are left out of the header past `maxItems` (the link set still lists
 * them all), as Signposting advises for resources with many files, to keep the header small.
 */
export function linkHeader(signposts: Signposts, options: { readonly maxItems: number }): string {
  const values: string[] = [];
  for (const relation of SIGNPOSTING_RELATIONS) {
    const targets = signposts.links[relation];
    if (relation === 'item' && targets.length > options.maxItems) continue;
    for (const link of targets) {
      values.push(
        [
          target(link.href),
          `rel="${relation}"`,
          ...(link.type === undefined ? [] : [`type=${quoted(link.type)}`]),
          ...(link.profile === undefined || link.profile.length === 0
            ? []
            : [`profile=${quoted(link.profile.join(' '))}`]),
        ].join('; '),
      );
    }
  }
  values.push(`${target(signposts.linkset)}; rel="linkset"; type="${LINKSET_JSON}"`);
  return values.join(', ');
}

type LinksetTarget = { readonly href: string; readonly type?: string; readonly profile?: readonly string[] };
type LinkContext = { readonly anchor: string } & {
  readonly [relation: string]: string | readonly LinksetTarget[];
};

/**
 * The link set (RFC 9264 §4.2): one link context object for the landing page with every Signposting
 * relation, plus the reverse links Signposting level 2 recommends: each metadata record `describes` the
 * page, each file belongs to the page as its `collection`.
 */
export function linksetDocument(signposts: Signposts): { readonly linkset: readonly LinkContext[] } {
  const page: Record<string, readonly LinksetTarget[]> = {};
  for (const relation of SIGNPOSTING_RELATIONS) {
    const targets = signposts.links[relation];
    // RFC 9264 §4.2.4.3: extension target attributes (profile) are arrays.
    if (targets.length > 0) page[relation] = targets.map((link) => ({ ...link }));
  }
  const back = (relation: string, links: readonly LinkTarget[]): LinkContext[] =>
    links.map((link) => ({
      anchor: link.href,
      [relation]: [{ href: signposts.anchor, type: 'text/html' }],
    }));
  return {
    linkset: [
      { anchor: signposts.anchor, ...page },
      ...back('describes', signposts.links.describedby),
      ...back('collection', signposts.links.item),
    ],
  };
}
