import { type ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ANONYMOUS, type AuthenticationService, type Principal } from '@apdc/access';
import { DomainError, newId } from '@apdc/platform';
import { STATUS_OF_KIND, problem } from './problem-details.js';
import { sendProblem } from './problem-details.filter.js';

interface RequestWithPrincipal extends Request {
  principal?: Principal;
}

/** The caller, resolved once per request by {@link authenticationMiddleware}. */
export const RequestPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => {
    return context.switchToHttp().getRequest<RequestWithPrincipal>().principal ?? ANONYMOUS;
  },
);

const BEARER = /^Bearer\s+(\S+)\s*$/i;

const CORRELATION_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** Every answer carries a correlation id (the client's, if it sent a sane one), errors included. */
export function correlationMiddleware(request: Request, response: Response, next: NextFunction): void {
  const given = request.header('X-Correlation-Id');
  response.setHeader('X-Correlation-Id', given !== undefined && CORRELATION_ID.test(given) ? given : newId());
  response.setHeader('Vary', 'Authorization');
  next();
}

/** Resolves `Authorization: Bearer <token>`; a bad token is refused outright rather than treated as anonymous. */
export function authenticationMiddleware(authentication: AuthenticationService) {
  return (request: RequestWithPrincipal, response: Response, next: NextFunction): void => {
    const header = request.header('Authorization');
    if (header === undefined) {
      request.principal = ANONYMOUS;
      next();
      return;
    }
    const token = BEARER.exec(header)?.[1];
    if (token === undefined) {
      response.setHeader('WWW-Authenticate', 'Bearer');
      sendProblem(
        request,
        response,
        problem(401, 'access.malformed-authorization', 'Expected "Authorization: Bearer <token>"'),
      );
      return;
    }
    authentication.authenticate(token).then(
      (principal) => {
        request.principal = principal;
        next();
      },
      (error: unknown) => {
        if (error instanceof DomainError) {
          response.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
          sendProblem(request, response, problem(STATUS_OF_KIND[error.kind], error.code, error.message));
        } else {
          next(error);
        }
      },
    );
  };
}
