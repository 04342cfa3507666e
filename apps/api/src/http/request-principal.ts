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

/** Resolves `Authorization: Bearer <token>`; a bad token is refused outright rather than treated as anonymous. */
export function authenticationMiddleware(authentication: AuthenticationService) {
  return (request: RequestWithPrincipal, response: Response, next: NextFunction): void => {
    response.setHeader('X-Correlation-Id', request.header('X-Correlation-Id') ?? newId());
    response.setHeader('Vary', 'Authorization');
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
