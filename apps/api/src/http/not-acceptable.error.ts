import { DomainError } from '@apdc/platform';
import { METADATA_FORMATS } from '@apdc/metadata';

/** 406: none of the offered metadata dialects is acceptable; the answer lists them all. */
export class NotAcceptableMetadataError extends DomainError {
  readonly kind = 'not-acceptable';
  readonly code = 'metadata.not-acceptable';
  constructor() {
    super(
      'None of the offered metadata formats is acceptable; ask for one of "offered" (Accept or ?format=)',
      [],
      {
        offered: METADATA_FORMATS.map((format) => ({
          format: format.key,
          mediaType: format.mediaType,
          ...(format.profile === undefined ? {} : { profile: format.profile }),
          description: format.description,
        })),
      },
    );
  }
}
