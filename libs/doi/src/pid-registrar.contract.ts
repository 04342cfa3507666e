import { describe, expect, it } from '@jest/globals';
import { mintDoiSuffix } from './doi-suffix.js';
import { DataCiteRejectedError, DataCiteUnavailableError } from './errors.js';
import type { DataCiteAttributes, PidRegistrar, RegisteredDoi } from './ports/pid-registrar.port.js';

export interface PidRegistrarContractOptions {
  /** A prefix the registrar may create DOIs under; every test mints fresh DOIs under it. */
  readonly prefix: string;
  /** Complete metadata, enough for a findable DOI (e.g. `toDataCiteAttributes` of a full release). */
  readonly attributes: DataCiteAttributes;
  /** Where the test DOIs resolve to; default `https://apdc.example.org/datasets/`. */
  readonly landingPageBase?: string;
  /** Cuts the registrar off from its service and back; the unavailability case is skipped without it. */
  readonly setUnavailable?: (unavailable: boolean) => void;
}

/**
 * The behaviour every {@link PidRegistrar} adapter must show; each adapter's spec runs it. An adapter
 * that `registers` behaves like DataCite; one that does not keeps every DOI a draft known to no one.
 */
export function describePidRegistrarContract(
  name: string,
  makeRegistrar: () => PidRegistrar,
  options: PidRegistrarContractOptions,
): void {
  const base = options.landingPageBase ?? 'https://apdc.example.org/datasets/';
  const newDoi = (): { doi: string; url: string } => {
    const suffix = mintDoiSuffix();
    return { doi: `${options.prefix}/${suffix}`, url: `${base}${suffix}` };
  };
  const { attributes } = options;

  /** What the registrar must answer: the expected state when it registers, a draft otherwise. */
  const expected = (
    sut: PidRegistrar,
    doi: string,
    state: RegisteredDoi['state'],
    url: string,
  ): RegisteredDoi => (sut.registers ? { doi, state, url } : { doi, state: 'draft', url });
  const expectedGet = (
    sut: PidRegistrar,
    doi: string,
    state: RegisteredDoi['state'],
    url: string,
  ): RegisteredDoi | undefined => (sut.registers ? { doi, state, url } : undefined);

  describe(`${name} (PidRegistrar contract)`, () => {
    it('publishes a new DOI: findable and resolving to its landing page', async () => {
      const sut = makeRegistrar();
      const { doi, url } = newDoi();
      expect(await sut.upsert({ doi, url, attributes, event: 'publish' })).toEqual(
        expected(sut, doi, 'findable', url),
      );
      expect(await sut.get(doi)).toEqual(expectedGet(sut, doi, 'findable', url));
    });

    it('creates a new DOI as a draft when no event is given', async () => {
      const sut = makeRegistrar();
      const { doi, url } = newDoi();
      expect(await sut.upsert({ doi, url, attributes, event: undefined })).toEqual(
        expected(sut, doi, 'draft', url),
      );
      expect(await sut.get(doi)).toEqual(expectedGet(sut, doi, 'draft', url));
    });

    it('updates the metadata and landing page of a findable DOI, which stays findable', async () => {
      const sut = makeRegistrar();
      const { doi, url } = newDoi();
      await sut.upsert({ doi, url, attributes, event: 'publish' });
      const revised = { ...attributes, titles: [{ title: 'Revised title', lang: 'en' }] };
      const moved = `${url}/moved`;
      expect(await sut.upsert({ doi, url: moved, attributes: revised, event: undefined })).toEqual(
        expected(sut, doi, 'findable', moved),
      );
      expect(await sut.get(doi)).toEqual(expectedGet(sut, doi, 'findable', moved));
    });

    it('hides a findable DOI (registered: still resolving) and publishes it again', async () => {
      const sut = makeRegistrar();
      const { doi, url } = newDoi();
      await sut.upsert({ doi, url, attributes, event: 'publish' });
      expect(await sut.upsert({ doi, url, attributes, event: 'hide' })).toEqual(
        expected(sut, doi, 'registered', url),
      );
      expect(await sut.get(doi)).toEqual(expectedGet(sut, doi, 'registered', url));
      expect(await sut.upsert({ doi, url, attributes, event: 'publish' })).toEqual(
        expected(sut, doi, 'findable', url),
      );
    });

    it('registers without publishing a DOI hidden before it was ever findable', async () => {
      const sut = makeRegistrar();
      const fresh = newDoi();
      expect(await sut.upsert({ ...fresh, attributes, event: 'hide' })).toEqual(
        expected(sut, fresh.doi, 'registered', fresh.url),
      );
      const draft = newDoi();
      await sut.upsert({ ...draft, attributes, event: undefined });
      expect(await sut.upsert({ ...draft, attributes, event: 'hide' })).toEqual(
        expected(sut, draft.doi, 'registered', draft.url),
      );
    });

    it('answers a repeated upsert (a job retried after a crash) exactly as the first', async () => {
      const sut = makeRegistrar();
      const { doi, url } = newDoi();
      for (const event of ['publish', 'publish', 'hide', 'hide', undefined] as const) {
        const state = event === undefined || event === 'hide' ? 'registered' : 'findable';
        expect(await sut.upsert({ doi, url, attributes, event })).toEqual(expected(sut, doi, state, url));
      }
    });

    it('never returns a registered or findable DOI to draft', async () => {
      const sut = makeRegistrar();
      const { doi, url } = newDoi();
      await sut.upsert({ doi, url, attributes, event: 'publish' });
      expect((await sut.upsert({ doi, url, attributes, event: undefined })).state).toBe(
        sut.registers ? 'findable' : 'draft',
      );
      await sut.upsert({ doi, url, attributes, event: 'hide' });
      expect((await sut.upsert({ doi, url, attributes, event: undefined })).state).toBe(
        sut.registers ? 'registered' : 'draft',
      );
      expect(await sut.get(doi)).toEqual(expectedGet(sut, doi, 'registered', url));
    });

    it('rejects metadata the agency refuses, with its reasons, and publishes nothing', async () => {
      const sut = makeRegistrar();
      const { doi, url } = newDoi();
      const incomplete = { ...attributes, titles: [], creators: [] };
      if (!sut.registers) {
        expect(await sut.upsert({ doi, url, attributes: incomplete, event: 'publish' })).toEqual(
          expected(sut, doi, 'draft', url),
        );
        return;
      }
      const error: unknown = await sut.upsert({ doi, url, attributes: incomplete, event: 'publish' }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(DataCiteRejectedError);
      const rejected = error as DataCiteRejectedError;
      expect(rejected).toMatchObject({ kind: 'unprocessable', code: 'doi.rejected', status: 422 });
      expect(rejected.errors.length).toBeGreaterThan(0);
      for (const entry of rejected.errors) expect(typeof entry.title).toBe('string');
      expect(rejected.extensions).toEqual({ status: 422, errors: rejected.errors });
      expect((await sut.get(doi))?.state).not.toBe('findable');
    });

    it('knows nothing of a DOI never upserted', async () => {
      const sut = makeRegistrar();
      expect(await sut.get(newDoi().doi)).toBeUndefined();
    });

    const { setUnavailable } = options;
    (setUnavailable === undefined ? it.skip : it)(
      'reports an unreachable service as unavailable (to retry), then works again',
      async () => {
        const sut = makeRegistrar();
        const { doi, url } = newDoi();
        setUnavailable?.(true);
        try {
          await expect(sut.upsert({ doi, url, attributes, event: 'publish' })).rejects.toMatchObject({
            kind: 'unavailable',
            code: 'doi.unavailable',
          });
          await expect(sut.get(doi)).rejects.toBeInstanceOf(DataCiteUnavailableError);
        } finally {
          setUnavailable?.(false);
        }
        expect(await sut.upsert({ doi, url, attributes, event: 'publish' })).toEqual(
          expected(sut, doi, 'findable', url),
        );
      },
    );
  });
}
