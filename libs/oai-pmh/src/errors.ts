import { DomainError } from '@apdc/platform';

/** The error conditions of OAI-PMH 2.0 (section 3.6); each becomes an `<error code="…">` element. */
export const OAI_ERROR_CODES = [
  'badArgument',
  'badResumptionToken',
  'badVerb',
  'cannotDisseminateFormat',
  'idDoesNotExist',
  'noRecordsMatch',
  'noMetadataFormats',
  'noSetHierarchy',
] as const;
export type OaiErrorCode = (typeof OAI_ERROR_CODES)[number];

/** A request the protocol answers with an OAI-PMH error (HTTP 200, `<error>` in the envelope). */
export class OaiError extends DomainError {
  readonly kind = 'invalid';
  readonly code: string;

  constructor(
    readonly oaiCode: OaiErrorCode,
    message: string,
  ) {
    super(message);
    this.code = `oai-pmh.${oaiCode}`;
  }
}
