import { applyDecorators } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiHeader,
  ApiNotModifiedResponse,
  ApiOkResponse,
  ApiPartialContentResponse,
} from '@nestjs/swagger';
import { METADATA_FORMATS, type MetadataFormat } from '@apdc/metadata';

// OpenAPI documentation of the bodies that are not JSON: file bytes in and out, and the metadata dialects.
// Documentation only: the handlers write these answers themselves.

const BINARY = { schema: { type: 'string', format: 'binary' } } as const;

const header = (description: string) => ({ description, schema: { type: 'string' } }) as const;

const FILE_HEADERS = {
  ETag: header('"<hex SHA-256 of the file>"; send it in If-None-Match to get 304 while it holds'),
  'Content-Digest': header('RFC 9530 sha-256 and sha-512 of the whole file'),
  'Accept-Ranges': header('bytes'),
  'Content-Disposition': header("attachment; filename*=UTF-8''<last path segment>"),
} as const;

/** The request body of an upload: the file's raw bytes, streamed, never parsed. */
export function ApiFileUploadBody() {
  return applyDecorators(
    ApiConsumes('application/octet-stream', '*/*'),
    ApiBody({
      description:
        "The file's bytes as they are (not multipart); the Content-Type is recorded as the file's media type",
      required: true,
      schema: BINARY.schema,
    }),
  );
}

/** A download: the whole file or one byte range, in the file's media type. */
export function ApiFileDownloadResponses() {
  return applyDecorators(
    ApiHeader({
      name: 'Range',
      required: false,
      description: 'One byte range (bytes=0-1023, bytes=1024-, bytes=-512); other forms get the whole file',
    }),
    ApiHeader({
      name: 'If-None-Match',
      required: false,
      description: 'The ETag of the copy the client holds',
    }),
    ApiOkResponse({ description: 'The whole file', headers: FILE_HEADERS, content: { '*/*': BINARY } }),
    ApiPartialContentResponse({
      description: 'The requested byte range',
      headers: { ...FILE_HEADERS, 'Content-Range': header('bytes <first>-<last>/<size>') },
      content: { '*/*': BINARY },
    }),
    ApiNotModifiedResponse({
      description: "The client's copy (If-None-Match) is current",
      headers: { ETag: FILE_HEADERS.ETag, 'Accept-Ranges': FILE_HEADERS['Accept-Ranges'] },
    }),
  );
}

/** The Content-Type the metadata route answers a format with. */
function contentTypeOf(format: MetadataFormat): string {
  return format.profile === undefined ? format.mediaType : `${format.mediaType}; profile="${format.profile}"`;
}

/** The metadata of a version: one 200 content entry per dialect of METADATA_FORMATS. */
export function ApiMetadataRepresentations() {
  return ApiOkResponse({
    description:
      'The metadata in the negotiated format: ' +
      METADATA_FORMATS.map((format) => `${format.key}, ${format.description}`).join('; '),
    headers: {
      ETag: header('Strong ETag of this rendering'),
      Link: header('Every format of this metadata: <…?format=<key>>; rel="alternate"; type="<media type>"'),
      Vary: header('Accept, Authorization'),
    },
    content: Object.fromEntries(
      METADATA_FORMATS.map((format) => [
        contentTypeOf(format),
        { schema: { type: /[/+]json$/.test(format.mediaType) ? 'object' : 'string' } },
      ]),
    ),
  });
}
