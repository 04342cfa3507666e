import type { VersionSummaryView } from '@apdc/catalogue';
import { type Html, type HtmlContent, html, link } from './html.js';
import type { DatasetUrls } from './landing-urls.js';

const UNITS = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/** `734123` → `716.9 KiB`; sizes below 1 KiB in bytes. */
export function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  let value = bytes;
  let unit = 'B';
  for (const next of UNITS) {
    if (value < 1024) break;
    value /= 1024;
    unit = next;
  }
  return `${value.toFixed(1)} ${unit}`;
}

/** `734123` → `734,123 bytes`. */
export function exactSize(bytes: number): string {
  return `${bytes.toLocaleString('en-US')} ${bytes === 1 ? 'byte' : 'bytes'}`;
}

/** The date part of an ISO 8601 date-time, as a `<time>` element. */
export function date(iso: string | null): Html | null {
  if (iso === null) return null;
  const day = iso.slice(0, 10);
  return html`<time datetime="${iso}">${day}</time>`;
}

/** One `<dt>/<dd>` pair of a facts list, left out when there is nothing to say. */
export function fact(term: string, description: HtmlContent): Html | null {
  if (description === null || description === undefined || description === false || description === '')
    return null;
  if (Array.isArray(description) && description.length === 0) return null;
  return html`<dt>${term}</dt>
    <dd>${description}</dd>`;
}

/** The page frame shared by landing pages and tombstones. */
export function frame(publisher: { readonly name: string }, main: HtmlContent): Html {
  return html`<header class="site">${publisher.name}: data releases</header>
    <main>${main}</main>
    <footer class="site">
      <p>
        Every page of ${publisher.name} can also be read by machines: send <code>Accept</code> for a metadata
        format, or follow the <code>Link</code> header (FAIR Signposting).
      </p>
    </footer>`;
}

function versionName(version: VersionSummaryView): string {
  return version.versionLabel === null || version.versionLabel === String(version.number)
    ? `Version ${version.number}`
    : `Version ${version.versionLabel} (${version.number})`;
}

/** The versions of the dataset, newest first, each linked to its landing page. */
export function versionList(
  versions: readonly VersionSummaryView[],
  urls: DatasetUrls,
  current: number | null,
): Html {
  const items = [...versions].reverse().map((version) => {
    const label = versionName(version);
    const state =
      version.state === 'withdrawn'
        ? html` — withdrawn ${date(version.withdrawnAt)}`
        : version.state === 'draft'
          ? ' — draft'
          : html` — published ${date(version.publishedAt)}`;
    const anchor =
      version.number === current
        ? html`<a href="${urls.versionPath(version.number)}" aria-current="page">${label}</a>`
        : link(urls.versionPath(version.number), label);
    return html`<li>${anchor}${state}</li>`;
  });
  return html`<ol reversed>
    ${items}
  </ol>`;
}
