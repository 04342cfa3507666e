import { DomainError } from '@apdc/platform';

/** One entry of DataCite's JSON:API `errors` array, as DataCite sent it. */
export interface DataCiteErrorEntry {
  /** The attribute or part of the request at fault (`doi`, `titles`, `metadata`, ...), when DataCite names one. */
  readonly source?: string;
  readonly title: string;
}

/**
 * DataCite refused the request (422, or another 4xx such as 401 bad credentials or 403 prefix not owned):
 * sending it again unchanged will fail again, so the job layer must not retry. DataCite's own `errors`
 * travel in `extensions.errors`, its HTTP status in `extensions.status`.
 */
export class DataCiteRejectedError extends DomainError {
  readonly kind = 'unprocessable';
  readonly code = 'doi.rejected';
  constructor(
    readonly doi: string,
    readonly status: number,
    readonly errors: readonly DataCiteErrorEntry[],
  ) {
    super(
      `DataCite rejected ${doi} (HTTP ${status})${errors.length === 0 ? '' : `: ${errors.map(describeEntry).join('; ')}`}`,
      errors.map((e) => ({ path: e.source ?? '', message: e.title })),
      { status, errors },
    );
  }
}

/**
 * DataCite could not be reached or did not answer usefully (network error, timeout, 5xx, 408, 429, a
 * response that is not DataCite's JSON): the same request may succeed later, so the job layer retries.
 */
export class DataCiteUnavailableError extends DomainError {
  readonly kind = 'unavailable';
  readonly code = 'doi.unavailable';
  constructor(
    message: string,
    readonly status: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, [], status === undefined ? {} : { status });
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

function describeEntry(entry: DataCiteErrorEntry): string {
  return entry.source === undefined ? entry.title : `${entry.source}: ${entry.title}`;
}
