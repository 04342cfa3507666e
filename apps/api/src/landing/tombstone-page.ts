import type { DatasetView } from '@apdc/catalogue';
import { html, htmlDocument, join, link } from './html.js';
import { type DatasetUrls, doiUrl, orcidUrl } from './landing-urls.js';
import { date, fact, frame, versionList } from './page-parts.js';

/** What a withdrawn version keeps (VersionWithdrawnError's `tombstone`), read defensively. */
export interface Tombstone {
  readonly number: number | null;
  readonly title: string | null;
  readonly creators: ReadonlyArray<{ readonly name: string; readonly orcid: string | null }>;
  readonly publicationYear: number | null;
  readonly versionLabel: string | null;
  readonly publishedAt: string | null;
  readonly withdrawnAt: string | null;
  readonly withdrawalReason: string | null;
  readonly doi: string | null;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const integer = (value: unknown): number | null =>
  typeof value === 'number' && Number.isInteger(value) ? value : null;

export function readTombstone(value: unknown): Tombstone {
  const record = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const creators = Array.isArray(record['creators']) ? (record['creators'] as unknown[]) : [];
  return {
    number: integer(record['number']),
    title: text(record['title']),
    creators: creators.flatMap((creator) => {
      const c = (typeof creator === 'object' && creator !== null ? creator : {}) as Record<string, unknown>;
      const name = text(c['name']);
      return name === null ? [] : [{ name, orcid: text(c['orcid']) }];
    }),
    publicationYear: integer(record['publicationYear']),
    versionLabel: text(record['versionLabel']),
    publishedAt: text(record['publishedAt']),
    withdrawnAt: text(record['withdrawnAt']),
    withdrawalReason: text(record['withdrawalReason']),
    doi: text(record['doi']),
  };
}

export interface TombstonePageInput {
  readonly tombstone: Tombstone;
  /** The version DOI when the tombstone does not carry it but the caller knows it (the resolver). */
  readonly doi: string | null;
  readonly dataset: DatasetView | null;
  readonly urls: DatasetUrls;
  readonly publisher: { readonly name: string };
}

/** The 410 page of a withdrawn version: why and when, and everything needed to cite what was cited. */
export function renderTombstonePage(input: TombstonePageInput): string {
  const { tombstone: t, dataset, urls } = input;
  const doi = t.doi ?? input.doi;
  const title = t.title ?? 'Untitled dataset';
  const newest = dataset?.latestPublishedVersion ?? null;
  const creators = t.creators.map((creator) =>
    creator.orcid === null
      ? html`<span class="creator">${creator.name}</span>`
      : html`<span class="creator">${creator.name}</span>
          (${link(orcidUrl(creator.orcid), html`ORCID ${creator.orcid}`)})`,
  );
  const main = html`<article>
    <p class="notice">
      This version was withdrawn${t.withdrawnAt === null ? '' : html` on ${date(t.withdrawnAt)}`}. Its files
      are no longer available; the citation metadata below stays so that citations of it remain traceable.
    </p>
    <h1>${title}</h1>
    <dl class="facts">
      ${fact('Reason for withdrawal', t.withdrawalReason)}${fact('Withdrawn', date(t.withdrawnAt))}${fact(
        'Creators',
        creators.length === 0 ? null : join(creators, '; '),
      )}${fact('Year', t.publicationYear)}${fact(
        'Version',
        t.versionLabel === null || t.versionLabel === String(t.number)
          ? t.number
          : `${t.versionLabel}${t.number === null ? '' : ` (version ${t.number} in this catalogue)`}`,
      )}${fact('Published', date(t.publishedAt))}${fact('DOI', doi === null ? null : link(doiUrl(doi)))}${fact(
        'Concept DOI',
        dataset?.conceptDoi == null ? null : html`${link(doiUrl(dataset.conceptDoi))} (all versions)`,
      )}${fact('Publisher', input.publisher.name)}
    </dl>
    ${
      newest === null
        ? html`<p>No version of this dataset is available any more.</p>`
        : html`<p>The newest available version is ${link(urls.versionPath(newest), `version ${newest}`)}.</p>`
    }
    ${
      dataset === null
        ? null
        : html`<section aria-labelledby="versions">
            <h2 id="versions">Versions</h2>
            ${versionList(dataset.versions, urls, t.number)}
          </section>`
    }
  </article>`;
  return htmlDocument({
    lang: 'en',
    title: `Withdrawn: ${title}`,
    head: html`<meta name="robots" content="noindex" />`,
    body: frame(input.publisher, main),
  });
}
