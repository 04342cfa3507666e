import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ProblemDetailsDto } from '../dto/problem-details.response.js';
import { PROBLEM_JSON } from './problem-details.js';

/** What each status means throughout the API; a route can say more with `{ status, description }`. */
const MEANING = {
  400: 'Invalid request: unknown or invalid fields, or an unreadable body, cursor or header (see `violations`)',
  401: 'The API token is malformed, unknown, revoked or expired, or the operation needs one',
  403: 'The caller lacks the role this needs (`requiredRoles` when it is a global one)',
  404: 'Not found, or not visible to the caller',
  406: 'None of the offered formats is acceptable; `offered` lists them',
  409: 'Conflicts with the current state',
  410: 'The version was withdrawn; `tombstone` keeps what is needed to cite it',
  412: 'If-Match does not match the current ETag: the resource changed since it was read',
  413: 'The request body is too large',
  416: 'The range is not satisfiable; `Content-Range: bytes */<size>` gives the size',
  422: 'Well-formed but not acceptable (see `violations`)',
  500: 'Unexpected error; quote `errorId` when reporting it',
} as const;

export type ProblemStatus = keyof typeof MEANING;

/**
 * Documents the RFC 9457 `application/problem+json` answers of an operation, all with the shared
 * ProblemDetails schema (problem-details.filter.ts writes them). Documentation only: nothing changes at runtime.
 */
export function ApiProblemResponses(
  ...responses: ReadonlyArray<
    ProblemStatus | { readonly status: ProblemStatus; readonly description: string }
  >
) {
  return applyDecorators(
    ApiExtraModels(ProblemDetailsDto),
    ...responses.map((response) => {
      const { status, description } =
        typeof response === 'number' ? { status: response, description: MEANING[response] } : response;
      return ApiResponse({
        status,
        description,
        content: { [PROBLEM_JSON]: { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } },
      });
    }),
  );
}
