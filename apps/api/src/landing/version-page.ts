import type { DatasetView, VersionView } from '@apdc/catalogue';
import { type Creator, METADATA_FORMATS, type ReleaseRecord, vocabularies } from '@apdc/metadata';
import { type Html, html, htmlDocument, join, jsonLdScript, link, truncate } from './html.js';
import { type DatasetUrls, doiUrl, orcidUrl, rorUrl } from './landing-urls.js';
import { date, exactSize, fact, frame, humanSize, versionList } from './page-parts.js';

/** Everything a landing page shows; the controller gathers it from the catalogue and metadata libs. */
export interface VersionPageInput {
  readonly record: ReleaseRecord;
  /** The version as the caller may see it: embargo and file count. */
  readonly version: VersionView;
  readonly dataset: DatasetView;
  /** toSchemaOrgDataset(record), embedded for search engines. */
  readonly schemaOrg: Record<string, unknown>;
  /** The APA citation as text. */
  readonly citation: string;
  readonly citationStyles: ReadonlyArray<{ readonly key: string; readonly title: string }>;
  /** The licence's full name and URL (from the DataCite rights of the record). */
  readonly licence: { readonly name: string; readonly url: string; readonly id: string } | null;
  readonly urls: DatasetUrls;
  /** `concept`: the page of the dataset (all versions), showing its newest version. */
  readonly page: 'version' | 'concept';
}

/** Machine-readable citation formats, linked from the "Cite as" box. */
const CITATION_FORMATS = ['bibtex', 'ris', 'csl-json'] as const;

function creatorItem(creator: Creator): Html {
  const identifier =
    creator.orcid !== null
      ? html` ${link(orcidUrl(creator.orcid), html`ORCID ${creator.orcid}`)}`
      : creator.ror !== null
        ? html` ${link(rorUrl(creator.ror), html`ROR ${creator.ror}`)}`
        : null;
  const affiliations =
    creator.affiliations.length === 0
      ? null
      : html` (${join(
          creator.affiliations.map((affiliation) =>
            affiliation.ror === null ? affiliation.name : link(rorUrl(affiliation.ror), affiliation.name),
          ),
          '; ',
        )})`;
  return html`<li><span class="creator">${creator.name}</span>${identifier}${affiliations}</li>`;
}

function concepts(scheme: 'messenger' | 'facility' | 'data-level', slugs: readonly string[]): Html | null {
  if (slugs.length === 0) return null;
  return join(
    slugs.map((slug) => {
      const concept = vocabularies().concept(scheme, slug);
      return concept === undefined ? slug : link(concept.iri, concept.label);
    }),
    ', ',
  );
}

function paragraphs(text: string | null): Html | null {
  if (text === null) return null;
  return join(
    text
      .split(/\n\s*\n/u)
      .map((paragraph) => paragraph.trim())
      .filter((paragraph) => paragraph !== '')
      .map((paragraph) => html`<p>${paragraph}</p>`),
    '',
  );
}

function filesSection(input: VersionPageInput, lang: string): Html {
  const { record, version } = input;
  if (!version.filesVisible) {
    return html`<p class="notice">
      The files of this version are under
      embargo${version.embargoUntil === null ? '' : html` until ${date(version.embargoUntil)}`}.
    </p>`;
  }
  const hidden = version.fileCount - record.files.length;
  const rows = record.files.map(
    (file) =>
      html`<tr>
        <td>${link(file.url, file.path)}</td>
        <td>${file.mediaType}</td>
        <td>
          <data value="${file.sizeBytes}">${humanSize(file.sizeBytes)}</data> (${exactSize(file.sizeBytes)})
        </td>
        <td><code>${file.sha256}</code></td>
      </tr>`,
  );
  return html`${
    record.files.length === 0
      ? html`<p>No files are available to you.</p>`
      : html`<table lang="${lang}">
          <caption>
            ${record.files.length} ${record.files.length === 1 ? 'file' : 'files'},
            ${humanSize(record.files.reduce((total, file) => total + file.sizeBytes, 0))} in all; each links
            to its download
          </caption>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Media type</th>
              <th scope="col">Size</th>
              <th scope="col">SHA-256</th>
            </tr>
          </thead>
          <tbody>
            ${rows}
          </tbody>
        </table>`
  }${hidden > 0 ? html`<p>${hidden} restricted ${hidden === 1 ? 'file is' : 'files are'} not listed.</p>` : null}`;
}

function citeSection(input: VersionPageInput): Html {
  const { urls, record } = input;
  const self = input.page === 'version' ? urls.versionPath(record.versionNumber) : urls.conceptPath();
  const styles = input.citationStyles.map(
    (style) =>
      html`<li>
        ${link(`${self}?style=${encodeURIComponent(style.key)}`, style.title, { type: 'text/plain' })}
      </li>`,
  );
  const formats = CITATION_FORMATS.flatMap((key) => {
    const format = METADATA_FORMATS.find((candidate) => candidate.key === key);
    return format === undefined
      ? []
      : [
          html`<li>
            ${link(urls.metadataPath(record.versionNumber, key), format.description, {
              type: format.mediaType,
            })}
          </li>`,
        ];
  });
  return html`<section aria-labelledby="cite-as">
    <h2 id="cite-as">Cite as</h2>
    <p class="citation">${input.citation}</p>
    ${
      input.page === 'concept' && record.conceptDoi !== null
        ? html`<p>
            This cites the newest version. To cite every version at once, use the concept DOI
            ${link(doiUrl(record.conceptDoi))}.
          </p>`
        : null
    }
    <p>
      In other citation styles (plain text; add <code>&amp;locale=</code>, e.g. <code>de-DE</code>, for
      another language):
    </p>
    <ul>
      ${styles}
    </ul>
    <p>For reference managers:</p>
    <ul>
      ${formats}
    </ul>
  </section>`;
}

function metadataSection(input: VersionPageInput): Html {
  const { urls, record } = input;
  const items = METADATA_FORMATS.map((format) => {
    const type =
      format.profile === undefined ? format.mediaType : `${format.mediaType}; profile="${format.profile}"`;
    return html`<li>
      ${link(urls.metadataPath(record.versionNumber, format.key), format.description, {
        type: format.mediaType,
      })} <code>${type}</code>
    </li>`;
  });
  const linkset = `${input.page === 'version' ? urls.versionPath(record.versionNumber) : urls.conceptPath()}/linkset`;
  return html`<section aria-labelledby="metadata">
    <h2 id="metadata">Metadata</h2>
    <p>The description of this version in other formats (also by content negotiation on this page's URL):</p>
    <ul>
      ${items}
      <li>
        ${link(linkset, 'FAIR Signposting link set', { type: 'application/linkset+json' })}
        <code>application/linkset+json</code>
      </li>
    </ul>
  </section>`;
}

/** The landing page of a version (or of the dataset, showing its newest version). */
export function renderVersionPage(input: VersionPageInput): string {
  const { record, dataset, urls } = input;
  const m = record.metadata;
  const lang = m.language;
  const title = m.title ?? `Untitled dataset, version ${record.versionNumber}`;
  const newest = dataset.latestPublishedVersion;
  const notices = [
    record.state === 'draft'
      ? html`<p class="notice">
          This is a draft: it is not published, and only those with rights on the dataset see it.
        </p>`
      : null,
    input.page === 'concept'
      ? html`<p class="notice">
          This page is about every version of the dataset; it shows the newest,
          ${link(
            urls.versionPath(record.versionNumber),
            `version ${m.versionLabel ?? record.versionNumber}`,
          )}.
        </p>`
      : null,
    input.page === 'version' && newest !== null && newest > record.versionNumber
      ? html`<p class="notice">
          A newer version of this dataset exists: ${link(urls.versionPath(newest), `version ${newest}`)}.
        </p>`
      : null,
  ];
  const relations = m.relations.map(
    (relation) =>
      html`<li>
        ${relation.relationType}:
        ${
          relation.identifierType === 'DOI'
            ? link(doiUrl(relation.identifier), relation.identifier)
            : relation.identifierType === 'arXiv'
              ? link(
                  `https://arxiv.org/abs/${relation.identifier.replace(/^arXiv:/i, '')}`,
                  relation.identifier,
                )
              : link(relation.identifier)
        }
      </li>`,
  );
  const variables = m.variables.map(
    (variable) =>
      html`<tr>
        <td>${variable.name}</td>
        <td>${variable.description ?? ''}</td>
        <td>${variable.unit ?? ''}</td>
        <td>${variable.ucd === null ? '' : html`<code>${variable.ucd}</code>`}</td>
      </tr>`,
  );
  const versionText =
    m.versionLabel === null || m.versionLabel === String(record.versionNumber)
      ? `${record.versionNumber}`
      : `${m.versionLabel} (version ${record.versionNumber} in this catalogue)`;
  const canonical = input.page === 'version' ? urls.versionPage(record.versionNumber) : urls.conceptPage();
  const main = html`<article>
    ${notices}
    <h1 lang="${lang}">${title}</h1>
    <section aria-label="Creators">
      <ul class="creators">
        ${m.creators.map(creatorItem)}
      </ul>
    </section>
    <dl class="facts">
      ${fact('Version', versionText)}${fact('Published', m.datePublished ?? date(record.publishedAt))}${fact(
        'DOI',
        record.doi === null ? null : link(doiUrl(record.doi)),
      )}${fact(
        'Concept DOI',
        record.conceptDoi === null ? null : html`${link(doiUrl(record.conceptDoi))} (all versions)`,
      )}${fact('Publisher', record.publisher.name)}${fact(
        'Licence',
        input.licence === null
          ? null
          : html`${link(input.licence.url, input.licence.name, { rel: 'license' })} (SPDX
              <code>${input.licence.id}</code>)`,
      )}${fact('Keywords', m.keywords.join(', '))}${fact('Messengers', concepts('messenger', m.messengers))}${fact(
        'Facilities',
        concepts('facility', m.facilities),
      )}${fact('Data level', concepts('data-level', m.dataLevel === null ? [] : [m.dataLevel]))}${fact(
        'Time covered',
        m.temporalCoverage === null
          ? null
          : `${m.temporalCoverage.start} to ${m.temporalCoverage.end ?? 'open end'}`,
      )}${fact('Sky or place covered', m.spatialCoverage)}${fact(
        'Produced by',
        record.software === null
          ? null
          : `${record.software.name}${record.software.version === null ? '' : ` ${record.software.version}`}`,
      )}${fact(
        'Previous version',
        record.previousVersion === null
          ? null
          : link(urls.versionPath(record.previousVersion.number), `version ${record.previousVersion.number}`),
      )}
    </dl>
    <section aria-labelledby="abstract">
      <h2 id="abstract">Abstract</h2>
      <div lang="${lang}">${paragraphs(m.description) ?? html`<p>No description.</p>`}</div>
    </section>
    <section aria-labelledby="files">
      <h2 id="files">Files</h2>
      ${filesSection(input, lang)}
    </section>
    ${
      variables.length === 0
        ? null
        : html`<section aria-labelledby="variables">
            <h2 id="variables">Variables</h2>
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Description</th>
                  <th scope="col">Unit</th>
                  <th scope="col">UCD</th>
                </tr>
              </thead>
              <tbody>
                ${variables}
              </tbody>
            </table>
          </section>`
    }
    ${citeSection(input)}
    ${
      relations.length === 0
        ? null
        : html`<section aria-labelledby="related">
            <h2 id="related">Related works</h2>
            <ul>
              ${relations}
            </ul>
          </section>`
    }
    <section aria-labelledby="versions">
      <h2 id="versions">Versions</h2>
      ${versionList(dataset.versions, urls, input.page === 'version' ? record.versionNumber : null)}
    </section>
    ${metadataSection(input)}
  </article>`;
  return htmlDocument({
    lang: 'en',
    title: `${title} (${input.page === 'version' ? `version ${m.versionLabel ?? record.versionNumber}` : 'all versions'})`,
    head: html`<link rel="canonical" href="${canonical}" />
      ${m.description === null ? null : html`<meta name="description" content="${truncate(m.description, 300)}" />`}
      ${record.state === 'draft' ? html`<meta name="robots" content="noindex" />` : null}
      ${jsonLdScript(input.schemaOrg)}`,
    body: frame(record.publisher, main),
  });
}
