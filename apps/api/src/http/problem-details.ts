import type { DomainErrorKind, Violation } from '@apdc/platform';

/** RFC 9457 problem details, as every HTTP error of the API is answered. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly instance?: string;
  readonly code: string;
  readonly correlationId?: string;
  readonly violations?: readonly Violation[];
  readonly [extension: string]: unknown;
}

export const PROBLEM_JSON = 'application/problem+json';

export const STATUS_OF_KIND: Readonly<Record<DomainErrorKind, number>> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  gone: 410,
  'not-acceptable': 406,
  'precondition-failed': 412,
  'too-large': 413,
  unprocessable: 422,
  unavailable: 503,
};

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Problem type URIs are URNs: stable whatever host the service runs on. */
export function problemType(code: string): string {
  return `urn:apdc:problem:${code}`;
}

export function problem(
  status: number,
  code: string,
  detail: string | undefined,
  extensions: Record<string, unknown> = {},
): ProblemDetails {
  return {
    type: problemType(code),
    title: TITLES[status] ?? 'Error',
    status,
    ...(detail === undefined ? {} : { detail }),
    code,
    ...extensions,
  };
}
