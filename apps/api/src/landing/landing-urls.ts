/**
 * The URLs landing pages link to: identifiers as their resolvers' URLs (the same forms the crosswalks in
 * @apdc/metadata write), and the catalogue's own pages and endpoints under the public URL.
 */

// Everything outside an http(s) URL path's safe characters is percent-encoded, so that `#`, `?`, spaces
// or `<>` in a DOI suffix cannot change the URL (doi.org decodes them again).
const URL_PATH_UNSAFE = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/]/gu;

/** `https://doi.org/<doi>` for a bare DOI. */
export function doiUrl(doi: string): string {
  return `https://doi.org/${doi.replace(URL_PATH_UNSAFE, (character) => encodeURIComponent(character))}`;
}

export function orcidUrl(orcid: string): string {
  return `https://orcid.org/${encodeURIComponent(orcid)}`;
}

export function rorUrl(ror: string): string {
  return `https://ror.org/${encodeURIComponent(ror)}`;
}

/** The SPDX licence-list URL, as the schema.org and DCAT crosswalks write the licence. */
export function spdxLicenseUrl(id: string): string {
  return `https://spdx.org/licenses/${encodeURIComponent(id)}`;
}

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
