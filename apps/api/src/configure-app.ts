import { BadRequestException, type INestApplication, ValidationPipe } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import { AuthenticationService } from '@apdc/access';
import { FILE_UPLOAD_ROUTE } from './controllers/files.controller.js';
import { ProblemDetailsFilter } from './http/problem-details.filter.js';
import { authenticationMiddleware } from './http/request-principal.js';

const JSON_TYPES = ['application/json', 'application/ld+json', 'application/*+json'];

/**
 * Everything about the HTTP application that is not a route: body parsing (never on file uploads, whose
 * bodies are streamed to the object store), authentication, validation, problem+json errors and OpenAPI.
 * The e2e tests use the same function, so they test the application as it runs.
 */
export function configureApp(app: INestApplication): void {
  const jsonParser = express.json({ limit: '2mb', strict: true, type: JSON_TYPES });
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (request.method === 'PUT' && FILE_UPLOAD_ROUTE.test(request.path)) {
      next();
      return;
    }
    jsonParser(request, response, next);
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
