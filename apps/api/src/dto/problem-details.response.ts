import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import type { Violation } from '@apdc/platform';

@ApiSchema({ name: 'Violation' })
export class ViolationDto implements Violation {
  @ApiProperty({
    description: 'Where: a field name, query parameter, header or JSON pointer',
    example: 'email',
  })
  path!: string;

  @ApiProperty({ example: 'must be an e-mail address' })
  message!: string;
}

/** Documentation of {@link ProblemDetails}, the body of every error answer (see http/problem-details.ts). */
@ApiSchema({
  name: 'ProblemDetails',
  description:
    'RFC 9457 problem details (application/problem+json). Some problems add extension members: ' +
    '`tombstone` (410), `offered` (406), `requiredRoles` (403), `embargoUntil` (403), `limitBytes` (413), ' +
    '`algorithm`, `declared` and `actual` (422 checksum mismatch), `draft` (409).',
})
export class ProblemDetailsDto {
  @ApiProperty({
    description: 'URN naming the problem: `urn:apdc:problem:<code>`',
    example: 'urn:apdc:problem:catalogue.version-not-found',
  })
  type!: string;

  @ApiProperty({ description: 'The HTTP reason phrase of `status`', example: 'Not Found' })
  title!: string;

  @ApiProperty({ type: 'integer', example: 404 })
  status!: number;

  @ApiPropertyOptional({ description: 'What went wrong, for people', example: 'Dataset … has no version 7' })
  detail?: string;

  @ApiPropertyOptional({ description: 'The request path', example: '/api/v1/datasets/…/versions/7' })
  instance?: string;

  @ApiProperty({ description: 'Stable machine-readable code', example: 'catalogue.version-not-found' })
  code!: string;

  @ApiPropertyOptional({ description: 'The `X-Correlation-Id` of the exchange' })
  correlationId?: string;

  @ApiPropertyOptional({ type: [ViolationDto], description: 'Every problem found in the request' })
  violations?: ViolationDto[];

  @ApiPropertyOptional({ description: 'On 500 only: the id under which the error was logged; quote it' })
  errorId?: string;
}
