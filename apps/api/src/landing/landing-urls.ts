/**
 * The URLs landing pages link to: identifiers as their resolvers' URLs (the crosswalks' own helpers, so
 * pages and metadata always agree), and the catalogue's own pages and endpoints under the public URL.
 */

export { doiUrl, orcidUrl, rorUrl, spdxLicenseUrl } from '@apdc/metadata';

/** The pages and endpoints of one dataset, as absolute URLs under the configured public URL. */
export class DatasetUrls {
  constructor(
    private readonly publicUrl: string,
    readonly datasetId: string,
  ) {}

  /** Site-relative path of the concept landing page (links within pages stay on the host that served them). */
  conceptPath(): string {
    return `/datasets/${encodeURIComponent(this.datasetId)}`;
  }

  versionPath(number: number): string {
    return `${this.conceptPath()}/versions/${number}`;
  }

  conceptPage(): string {
    return `${this.publicUrl}${this.conceptPath()}`;
  }

  versionPage(number: number): string {
    return `${this.publicUrl}${this.versionPath(number)}`;
  }

  conceptLinkset(): string {
    return `${this.conceptPage()}/linkset`;
  }

  versionLinkset(number: number): string {
    return `${this.versionPage(number)}/linkset`;
  }

  metadataPath(number: number, formatKey: string): string {
    return `/api/v1${this.versionPath(number)}/metadata?format=${encodeURIComponent(formatKey)}`;
  }

  metadata(number: number, formatKey: string): string {
    return `${this.publicUrl}${this.metadataPath(number, formatKey)}`;
  }
}
