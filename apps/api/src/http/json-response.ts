import type { Request, Response } from 'express';
import { digestOf } from '@apdc/platform';
import type { Page } from '@apdc/platform';

/**
 * What {@link sendJson} puts on the wire for a `T`: dates become ISO 8601 strings. The response DTOs that
 * document the API implement `Serialized<View>`, so the compiler tells when a view and its documentation part.
 */
export type Serialized<T> = T extends Date
  ? string
  : T extends readonly (infer Item)[]
    ? Serialized<Item>[]
    : T extends object
      ? { [K in keyof T]: Serialized<T[K]> }
      : T;

/** A strong ETag over the representation; identical bodies always get identical tags. */
export function etagOf(body: unknown): string {
  return `"${digestOf(body).slice(0, 32)}"`;
}

/** Whether an If-None-Match header (a list of tags, or `*`) names `etag`. */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((candidate) => {
    const tag = candidate.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}

/** Sends JSON with an ETag (or the given one), answering 304 when the client's copy is current. */
export function sendJson(
  request: Request,
  response: Response,
  body: unknown,
  options: { status?: number; etag?: string } = {},
): void {
  const etag = options.etag ?? etagOf(body);
  response.setHeader('ETag', etag);
  if ((options.status ?? 200) === 200 && ifNoneMatchHits(request.header('If-None-Match'), etag)) {
    response.status(304).end();
    return;
  }
  response.status(options.status ?? 200).json(body);
}

/** Adds an RFC 8288 `Link: <…>; rel="next"` header for a page that has a successor. */
export function setPaginationLinks(request: Request, response: Response, page: Page<unknown>): void {
  if (page.nextCursor === null) return;
  const url = new URL(request.originalUrl, 'http://placeholder');
  url.searchParams.set('cursor', page.nextCursor);
  response.setHeader('Link', `<${url.pathname}${url.search}>; rel="next"`);
}
