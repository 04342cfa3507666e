import { BadRequestException, type INestApplication, ValidationPipe } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import { AuthenticationService } from '@apdc/access';
import { FILE_UPLOAD_ROUTE } from './controllers/files.controller.js';
import { problem } from './http/problem-details.js';
import { ProblemDetailsFilter, sendProblem } from './http/problem-details.filter.js';
import { authenticationMiddleware, correlationMiddleware } from './http/request-principal.js';

const JSON_TYPES = ['application/json', 'application/ld+json', 'application/*+json'];

/**
 * Everything about the HTTP application that is not a route: body parsing (never on file uploads, whose
 * bodies are streamed to the object store), authentication, validation, problem+json errors and OpenAPI.
 * The e2e tests use the same function, so they test the application as it runs.
 */
export function configureApp(app: INestApplication): void {
  const jsonParser = express.json({ limit: '16mb', strict: true, type: JSON_TYPES });
  app.use(correlationMiddleware);
  app.use((request: Request, response: Response, next: NextFunction) => {
    if ((request.method === 'PUT' && FILE_UPLOAD_ROUTE.test(request.path)) || request.path === '/oai') {
      next();
      return;
    }
    if (hasBody(request) && !request.is(JSON_TYPES)) {
      sendProblem(
        request,
        response,
        problem(
          415,
          'request.unsupported-media-type',
          `Send JSON (${JSON_TYPES.join(', ')}); got ${request.header('Content-Type') ?? 'no Content-Type'}`,
        ),
      );
      return;
    }
    jsonParser(request, response, (error?: unknown) => {
      if (error === undefined && containsNulCharacter(request.body)) {
        next(
          Object.assign(new SyntaxError('strings must not contain the NUL character (U+0000)'), {
            type: 'entity.parse.failed',
          }),
        );
        return;
      }
      next(error);
    });
  });
  app.use(authenticationMiddleware(app.get(AuthenticationService)));
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) =>
        new BadRequestException({
          code: 'request.invalid',
          message: 'The request has invalid or unknown fields',
          violations: errors.flatMap((error) => validationViolations(error, '')),
        }),
    }),
  );
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('APDC — Astroparticle Physics Data Centre')
      .setDescription(
        'Catalogue and archive of astroparticle-physics data releases. Errors are RFC 9457 application/problem+json.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/openapi.json' });
}

function validationViolations(
  error: ValidationError,
  prefix: string,
): Array<{ path: string; message: string }> {
  const path = prefix === '' ? error.property : `${prefix}.${error.property}`;
  const own = Object.values(error.constraints ?? {}).map((message) => ({ path, message }));
  return [...own, ...(error.children ?? []).flatMap((child) => validationViolations(child, path))];
}

/**
 * PostgreSQL text cannot hold U+0000, so a body with one is refused as unreadable input, up front.
 * Iterative, so that no nesting depth can exhaust the stack.
 */
function containsNulCharacter(body: unknown): boolean {
  const pending: unknown[] = [body];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return true;
    } else if (Array.isArray(value)) {
      pending.push(...(value as unknown[]));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
        if (key.includes('\u0000')) return true;
        pending.push(child);
      }
    }
  }
  return false;
}

function hasBody(request: Request): boolean {
  const length = request.header('Content-Length');
  return (length !== undefined && length !== '0') || request.header('Transfer-Encoding') !== undefined;
}
