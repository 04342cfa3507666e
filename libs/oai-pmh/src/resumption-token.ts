import { createHmac, timingSafeEqual } from 'node:crypto';
import { OaiError } from './errors.js';
import type { OaiListVerb } from './oai-request.js';
import type { OaiCursor } from './ports/oai-repository.port.js';

/** Everything needed to continue an incomplete list: the harvest's arguments and where it stopped. */
export interface ResumptionState {
  readonly verb: OaiListVerb;
  readonly metadataPrefix: string;
  readonly from: Date | undefined;
  /** Fixed when the harvest starts (the first response's time when the harvester gave none). */
  readonly until: Date;
  readonly set: string | undefined;
  /** The last item already sent. */
  readonly after: OaiCursor;
  /** How many items were sent before the next page (the `cursor` attribute of the next response). */
  readonly cursor: number;
  readonly completeListSize: number;
  readonly expiresAt: Date;
}

interface Payload {
  readonly v: 1;
  readonly verb: OaiListVerb;
  readonly p: string;
  readonly f: number | null;
  readonly u: number;
  readonly s: string | null;
  readonly d: number;
  readonly i: string;
  readonly c: number;
  readonly n: number;
  readonly e: number;
}

const MIN_LIFETIME_SECONDS = 24 * 60 * 60;
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 7 * 24 * 60 * 60;

/**
 * Stateless resumption tokens: the state as base64url JSON, then `.` and its HMAC-SHA256. Nothing is
 * stored on the server, so a token survives restarts and works on any instance sharing the secret;
 * the keyset cursor (datestamp, localId) means no item is lost or repeated when others change.
 */
export class ResumptionTokenCodec {
  constructor(private readonly secret: string | Buffer) {
    if (secret.length < 16) throw new Error('The resumption-token secret must have at least 16 bytes');
  }

  /** When a token issued at `now` expires: at least 24 hours later. */
  static expiry(now: Date, lifetimeSeconds: number = DEFAULT_TOKEN_LIFETIME_SECONDS): Date {
    return new Date(now.getTime() + Math.max(lifetimeSeconds, MIN_LIFETIME_SECONDS) * 1000);
  }

  encode(state: ResumptionState): string {
    const payload: Payload = {
      v: 1,
      verb: state.verb,
      p: state.metadataPrefix,
      f: state.from === undefined ? null : state.from.getTime(),
      u: state.until.getTime(),
      s: state.set ?? null,
      d: state.after.datestamp.getTime(),
      i: state.after.localId,
      c: state.cursor,
      n: state.completeListSize,
      e: state.expiresAt.getTime(),
    };
    const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
    return `${body}.${this.sign(body).toString('base64url')}`;
  }

  /** @throws OaiError badResumptionToken when the token is garbage, tampered with, expired or for another verb. */
  decode(token: string, verb: OaiListVerb, now: Date): ResumptionState {
    const bad = (why: string): OaiError =>
      new OaiError('badResumptionToken', `Invalid resumption token: ${why}`);
    const [body, signature, ...rest] = token.split('.');
    if (
      body === undefined ||
      signature === undefined ||
      rest.length > 0 ||
      !/^[A-Za-z0-9_-]+$/.test(body + signature)
    )
      throw bad('malformed');
    const expected = this.sign(body);
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw bad('bad signature');
    let payload: Payload;
    try {
      payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Payload;
    } catch {
      throw bad('malformed');
    }
    if (payload.v !== 1) throw bad('unknown version');
    if (payload.verb !== verb) throw bad(`issued for ${payload.verb}`);
    if (payload.e <= now.getTime()) throw bad('expired');
    return {
      verb: payload.verb,
      metadataPrefix: payload.p,
      from: payload.f === null ? undefined : new Date(payload.f),
      until: new Date(payload.u),
      set: payload.s ?? undefined,
      after: { datestamp: new Date(payload.d), localId: payload.i },
      cursor: payload.c,
      completeListSize: payload.n,
      expiresAt: new Date(payload.e),
    };
  }

  private sign(body: string): Buffer {
    return createHmac('sha256', this.secret).update(`oai-pmh-resumption-token.v1.${body}`).digest();
  }
}
