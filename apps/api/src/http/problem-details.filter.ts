import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, newId } from '@apdc/platform';
import { PROBLEM_JSON, type ProblemDetails, STATUS_OF_KIND, problem } from './problem-details.js';

/** PostgreSQL's SQLSTATE for a unique constraint hit, e.g. by two equal requests at the same moment. */
const UNIQUE_VIOLATION = '23505';

interface BodyParserError {
  type?: string;
  status?: number;
  statusCode?: number;
  message?: string;
}

/** The one place that turns errors into HTTP answers: RFC 9457 problem+json, internals never shown. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    sendProblem(request, response, this.toProblem(error));
  }

  private toProblem(error: unknown): ProblemDetails {
    if (error instanceof DomainError) {
      return problem(STATUS_OF_KIND[error.kind], error.code, error.message, {
        ...(error.violations.length > 0 ? { violations: error.violations } : {}),
        ...error.extensions,
      });
    }
    const parserError = ((error instanceof HttpException ? error.cause : error) ?? {}) as BodyParserError;
    if (parserError.type === 'entity.parse.failed') {
      return problem(
        400,
        'request.malformed-json',
        `The request body is not valid JSON: ${parserError.message ?? ''}`,
      );
    }
    if (parserError.type === 'entity.too.large')
      return problem(413, 'request.too-large', 'The request body is too large');
    if (parserError.type === 'encoding.unsupported' || parserError.type === 'charset.unsupported') {
      return problem(415, 'request.unsupported-encoding', parserError.message);
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const body = error.getResponse();
      const extensions =
        typeof body === 'object' && body !== null && 'violations' in body
          ? { violations: body.violations }
          : {};
      const code =
        typeof body === 'object' && body !== null && 'code' in body ? String(body.code) : `http.${status}`;
      return problem(status, code, error.message, extensions);
    }
    if ((error as { driverError?: { code?: string } }).driverError?.code === UNIQUE_VIOLATION) {
      return problem(
        409,
        'conflict',
        'This conflicts with something that exists already (or was created at the same moment)',
      );
    }
    const errorId = newId();
    this.logger.error(`error ${errorId}: ${(error as Error).stack ?? String(error)}`);
    return problem(500, 'internal', 'An unexpected error occurred; quote the error id when reporting it', {
      errorId,
    });
  }
}

export function sendProblem(request: Request, response: Response, details: ProblemDetails): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const correlationId = response.getHeader('X-Correlation-Id');
  response
    .status(details.status)
    .type(PROBLEM_JSON)
    .send(
      JSON.stringify({
        ...details,
        instance: request.originalUrl,
        ...(typeof correlationId === 'string' ? { correlationId } : {}),
      }),
    );
}
