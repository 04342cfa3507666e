import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type TestApp, bearer, createTestApp, releaseMetadata } from '../support/test-app.js';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Groups: kit-iap ⊃ kascade, and a sibling icecube. A member of a child group holds what its parent may do,
 * not more; a member of the parent does not hold what the child may do.
 */
describe('access control on every read path', () => {
  let t: TestApp;
  let kascadeCurator: { id: string; token: string };
  let kascadeReader: { id: string; token: string };
  let kitIapReader: { id: string; token: string };
  let icecubeCurator: { id: string; token: string };
  let kascadeDataset: string;
  let kitIapDataset: string;
  const future = new Date(Date.now() + 365 * 24 * 3600 * 1000).toISOString();

  async function publishedRelease(
    token: string,
    group: string,
    options: { embargoUntil?: string; restrictedFile?: boolean; title: string },
  ): Promise<string> {
    const created = await t
      .http()
      .post('/api/v1/datasets')
      .set(bearer(token))
      .send({ group, metadata: releaseMetadata({ name: options.title }) })
      .expect(201);
    const id = (created.body as { id: string }).id;
    await t
      .http()
      .put(`/api/v1/datasets/${id}/versions/1/files/public.csv`)
      .set(bearer(token))
      .send('a,b\n1,2\n')
      .expect(201);
    if (options.restrictedFile === true) {
      await t
        .http()
        .put(`/api/v1/datasets/${id}/versions/1/files/calibration/secret.csv?restricted=true`)
        .set(bearer(token))
        .send('secret calibration\n')
        .expect(201);
    }
    if (options.embargoUntil !== undefined) {
      await t
        .http()
        .patch(`/api/v1/datasets/${id}/versions/1`)
        .set(bearer(token))
        .send({ embargoUntil: options.embargoUntil })
        .expect(200);
    }
    await t.http().post(`/api/v1/datasets/${id}/versions/1/publish`).set(bearer(token)).expect(200);
    return id;
  }

  beforeAll(async () => {
    t = await createTestApp();
    await t.createGroup('kit-iap');
    await t.createGroup('kascade', 'kit-iap');
    await t.createGroup('icecube');
    kascadeCurator = await t.createUser('curator', ['kascade']);
    kascadeReader = await t.createUser('reader', ['kascade']);
    kitIapReader = await t.createUser('reader', ['kit-iap']);
    icecubeCurator = await t.createUser('curator', ['icecube']);
    const kitIapCurator = await t.createUser('curator', ['kit-iap']);
    kascadeDataset = await publishedRelease(kascadeCurator.token, 'kascade', {
      embargoUntil: future,
      restrictedFile: true,
      title: 'KASCADE embargoed',
    });
    kitIapDataset = await publishedRelease(kitIapCurator.token, 'kit-iap', {
      restrictedFile: true,
      title: 'KIT-IAP restricted',
    });
  });
  afterAll(async () => {
    await t.close();
  });

  const readers = (): Record<
    string,
    { token?: string; protectedKascade: boolean; protectedKitIap: boolean }
  > => ({
    anonymous: { protectedKascade: false, protectedKitIap: false },
    'kascade reader (child group)': {
      token: kascadeReader.token,
      protectedKascade: true,
      protectedKitIap: true,
    },
    'kit-iap reader (parent group)': {
      token: kitIapReader.token,
      protectedKascade: false,
      protectedKitIap: true,
    },
    'icecube curator (sibling)': {
      token: icecubeCurator.token,
      protectedKascade: false,
      protectedKitIap: false,
    },
  });

  it('hides embargoed files from outsiders on the version, the file list and the download; insiders see them', async () => {
    for (const [who, reader] of Object.entries(readers())) {
      const auth = reader.token === undefined ? {} : bearer(reader.token);
      const version = await t
        .http()
        .get(`/api/v1/datasets/${kascadeDataset}/versions/1`)
        .set(auth)
        .expect(200);
      const files = await t.http().get(`/api/v1/datasets/${kascadeDataset}/versions/1/files`).set(auth);
      const download = await t
        .http()
        .get(`/api/v1/datasets/${kascadeDataset}/versions/1/files/public.csv`)
        .set(auth);
      if (reader.protectedKascade) {
        expect({ who, filesVisible: version.body.filesVisible, count: version.body.fileCount }).toEqual({
          who,
          filesVisible: true,
          count: 2,
        });
        expect({ who, status: files.status }).toEqual({ who, status: 200 });
        expect({ who, status: download.status }).toEqual({ who, status: 200 });
      } else {
        expect({ who, filesVisible: version.body.filesVisible, count: version.body.fileCount }).toEqual({
          who,
          filesVisible: false,
          count: 0,
        });
        expect({ who, status: files.status, code: files.body.code }).toEqual({
          who,
          status: 403,
          code: 'catalogue.embargoed',
        });
        expect({ who, status: download.status }).toEqual({ who, status: 403 });
      }
    }
  });

  it('keeps the embargo on a new version, whose files are the same bytes', async () => {
    const next = await t
      .http()
      .post(`/api/v1/datasets/${kascadeDataset}/versions`)
      .set(bearer(kascadeCurator.token))
      .expect(201);
    expect(next.body).toMatchObject({ number: 2, embargoUntil: future });
    await t
      .http()
      .post(`/api/v1/datasets/${kascadeDataset}/versions/2/publish`)
      .set(bearer(kascadeCurator.token))
      .expect(200);
    const download = await t.http().get(`/api/v1/datasets/${kascadeDataset}/versions/2/files/public.csv`);
    expect(download.status).toBe(403);
  });

  it('does not let draft activity show through the public updatedAt or ETag of a dataset', async () => {
    const before = await t.http().get(`/api/v1/datasets/${kitIapDataset}`).expect(200);
    const draft = await t
      .http()
      .post(`/api/v1/datasets/${kitIapDataset}/versions`)
      .set(bearer(kascadeCurator.token));
    const draftNumber = (draft.body as { number: number }).number;
    await t
      .http()
      .put(`/api/v1/datasets/${kitIapDataset}/versions/${draftNumber}/files/unpublished.csv`)
      .set(bearer(kascadeCurator.token))
      .send('secret draft\n')
      .expect(201);
    const after = await t.http().get(`/api/v1/datasets/${kitIapDataset}`).expect(200);
    expect(after.body).toEqual(before.body);
    expect(after.headers['etag']).toBe(before.headers['etag']);
    const insider = await t
      .http()
      .get(`/api/v1/datasets/${kitIapDataset}`)
      .set(bearer(kascadeCurator.token))
      .expect(200);
    expect(
      (insider.body as { updatedAt: string }).updatedAt > (before.body as { updatedAt: string }).updatedAt,
    ).toBe(true);
  });

  it('makes restricted files invisible (not listed, not counted, not found) without rights, following group inheritance', async () => {
    for (const [who, reader] of Object.entries(readers())) {
      const auth = reader.token === undefined ? {} : bearer(reader.token);
      const files = await t
        .http()
        .get(`/api/v1/datasets/${kitIapDataset}/versions/1/files`)
        .set(auth)
        .expect(200);
      const paths = (files.body as Page<{ path: string }>).items.map((file) => file.path);
      const version = await t
        .http()
        .get(`/api/v1/datasets/${kitIapDataset}/versions/1`)
        .set(auth)
        .expect(200);
      const secret = await t
        .http()
        .get(`/api/v1/datasets/${kitIapDataset}/versions/1/files/calibration/secret.csv`)
        .set(auth);
      if (reader.protectedKitIap) {
        expect({ who, paths, count: version.body.fileCount, status: secret.status }).toEqual({
          who,
          paths: ['calibration/secret.csv', 'public.csv'],
          count: 2,
          status: 200,
        });
      } else {
        expect({ who, paths, count: version.body.fileCount, status: secret.status }).toEqual({
          who,
          paths: ['public.csv'],
          count: 1,
          status: 404,
        });
      }
    }
  });

  it('shows drafts only to those with rights on the dataset, in lists and by id', async () => {
    const versions = await t
      .http()
      .get(`/api/v1/datasets/${kitIapDataset}/versions`)
      .set(bearer(kascadeCurator.token))
      .expect(200);
    expect((versions.body as { items: Array<{ number: number; state: string }> }).items).toEqual([
      expect.objectContaining({ number: 1, state: 'published' }),
      expect.objectContaining({ number: 2, state: 'draft' }),
    ]);
    for (const [who, reader] of Object.entries(readers())) {
      const auth = reader.token === undefined ? {} : bearer(reader.token);
      const dataset = await t.http().get(`/api/v1/datasets/${kitIapDataset}`).set(auth).expect(200);
      const numbers = (dataset.body as { versions: Array<{ number: number }> }).versions.map((v) => v.number);
      const byId = await t.http().get(`/api/v1/datasets/${kitIapDataset}/versions/2`).set(auth);
      expect({ who, numbers, status: byId.status }).toEqual({
        who,
        numbers: reader.protectedKitIap ? [1, 2] : [1],
        status: reader.protectedKitIap ? 200 : 404,
      });
    }
  });

  it('lets only depositors and curators of the owning group (or its descendants) write', async () => {
    const tryUpload = (token: string) =>
      t
        .http()
        .put(`/api/v1/datasets/${kitIapDataset}/versions/2/files/new.csv`)
        .set(bearer(token))
        .send('x\n');
    expect((await tryUpload(kitIapReader.token)).status).toBe(403);
    expect((await tryUpload(kascadeReader.token)).status).toBe(403);
    expect((await tryUpload(icecubeCurator.token)).status).toBe(403);
    expect((await tryUpload(kascadeCurator.token)).status).toBe(201);
    const publishByReader = await t
      .http()
      .post(`/api/v1/datasets/${kitIapDataset}/versions/2/publish`)
      .set(bearer(kascadeReader.token));
    expect(publishByReader.status).toBe(403);
    expect(publishByReader.headers['content-type']).toMatch(/^application\/problem\+json/);
    const anonymous = await t.http().post('/api/v1/datasets').send({ group: 'kascade' });
    expect(anonymous.status).toBe(401);
    const outsider = await t
      .http()
      .post('/api/v1/datasets')
      .set(bearer(icecubeCurator.token))
      .send({ group: 'kascade' });
    expect(outsider.status).toBe(403);
    const parentMember = await t
      .http()
      .post('/api/v1/datasets')
      .set(bearer(kitIapReader.token))
      .send({ group: 'kit-iap' });
    expect(parentMember.status).toBe(403);
  });

  it('extends protected reads to a group the curators shared the dataset with', async () => {
    const before = await t
      .http()
      .get(`/api/v1/datasets/${kitIapDataset}/versions/1/files`)
      .set(bearer(icecubeCurator.token))
      .expect(200);
    expect((before.body as Page<unknown>).items).toHaveLength(1);
    await t
      .http()
      .post(`/api/v1/datasets/${kitIapDataset}/grants`)
      .set(bearer(icecubeCurator.token))
      .send({ group: 'icecube' })
      .expect(403);
    await t
      .http()
      .post(`/api/v1/datasets/${kitIapDataset}/grants`)
      .set(bearer(kascadeCurator.token))
      .send({ group: 'icecube' })
      .expect(204);
    const after = await t
      .http()
      .get(`/api/v1/datasets/${kitIapDataset}/versions/1/files`)
      .set(bearer(icecubeCurator.token))
      .expect(200);
    expect((after.body as Page<unknown>).items).toHaveLength(2);
    await t
      .http()
      .delete(`/api/v1/datasets/${kitIapDataset}/grants/icecube`)
      .set(bearer(kascadeCurator.token))
      .expect(204);
    const revoked = await t
      .http()
      .get(`/api/v1/datasets/${kitIapDataset}/versions/1/files`)
      .set(bearer(icecubeCurator.token))
      .expect(200);
    expect((revoked.body as Page<unknown>).items).toHaveLength(1);
  });

  it('refuses unknown, malformed and revoked tokens instead of treating them as anonymous', async () => {
    const unknown = await t.http().get('/api/v1/datasets').set(bearer('apdc_not-a-token'));
    expect(unknown.status).toBe(401);
    expect(unknown.body).toMatchObject({ code: 'access.invalid-token' });
    await t.http().get('/api/v1/datasets').set('Authorization', 'Basic abc').expect(401);
    const user = await t.createUser('reader', ['kascade']);
    const issued = await t
      .http()
      .post(`/api/v1/users/${user.id}/tokens`)
      .set(bearer(user.token))
      .send({ label: 'second' })
      .expect(201);
    const second = issued.body as { id: string; token: string };
    await t.http().get('/api/v1/me').set(bearer(second.token)).expect(200);
    await t.http().delete(`/api/v1/users/${user.id}/tokens/${second.id}`).set(bearer(user.token)).expect(204);
    await t.http().get('/api/v1/me').set(bearer(second.token)).expect(401);
  });

  it('keeps user and group administration to admins', async () => {
    await t
      .http()
      .post('/api/v1/groups')
      .set(bearer(kascadeCurator.token))
      .send({ slug: 'rogue', name: 'Rogue' })
      .expect(403);
    await t.http().get('/api/v1/users').set(bearer(kascadeCurator.token)).expect(403);
    await t.http().get(`/api/v1/users/${kascadeReader.id}`).set(bearer(kascadeCurator.token)).expect(403);
    const me = await t.http().get('/api/v1/me').set(bearer(kascadeReader.token)).expect(200);
    const groups = await t.http().get('/api/v1/groups').expect(200);
    const slugOf = new Map(
      (groups.body as Page<{ id: string; slug: string }>).items.map((g) => [g.id, g.slug]),
    );
    const roles = (me.body as { groupRoles: Array<{ groupId: string; role: string }> }).groupRoles
      .map((entry) => `${slugOf.get(entry.groupId) ?? '?'}:${entry.role}`)
      .sort();
    expect(roles).toEqual(['kascade:reader', 'kit-iap:reader']);
  });

  it('takes the role from each membership: curator in one group, reader in another', async () => {
    const mixed = await t.createUser('curator', ['icecube']);
    await t
      .http()
      .post('/api/v1/groups/kascade/members')
      .set(bearer(t.adminToken))
      .send({ userId: mixed.id, role: 'reader' })
      .expect(204);
    const inIcecube = await t
      .http()
      .post('/api/v1/datasets')
      .set(bearer(mixed.token))
      .send({ group: 'icecube' })
      .expect(201);
    expect(inIcecube.body).toMatchObject({ ownerGroup: 'icecube' });
    await t.http().post('/api/v1/datasets').set(bearer(mixed.token)).send({ group: 'kascade' }).expect(403);
    const files = await t
      .http()
      .get(`/api/v1/datasets/${kascadeDataset}/versions/1/files`)
      .set(bearer(mixed.token))
      .expect(200);
    expect((files.body as Page<unknown>).items).toHaveLength(2);

    await t
      .http()
      .post('/api/v1/groups/kascade/members')
      .set(bearer(t.adminToken))
      .send({ userId: mixed.id, role: 'depositor' })
      .expect(204);
    await t.http().post('/api/v1/datasets').set(bearer(mixed.token)).send({ group: 'kascade' }).expect(201);
    const changes: Array<{ action: string }> = await t.db.dataSource.query(
      `SELECT action FROM audit_log WHERE entity_type = 'group' AND details->>'userId' = $1 ORDER BY id`,
      [mixed.id],
    );
    expect(changes.map((change) => change.action)).toEqual([
      'group.member-added',
      'group.member-added',
      'group.member-role-changed',
    ]);
  });

  it('lets a curator of a child group curate what the parent group owns, and not the reverse', async () => {
    const parentCurator = await t.createUser('curator', ['kit-iap']);
    const childOwned = await t
      .http()
      .post('/api/v1/datasets')
      .set(bearer(kascadeCurator.token))
      .send({ group: 'kascade', metadata: releaseMetadata() })
      .expect(201);
    const childId = (childOwned.body as { id: string }).id;
    await t
      .http()
      .put(`/api/v1/datasets/${childId}/versions/1/files/a.csv`)
      .set(bearer(parentCurator.token))
      .send('a\n')
      .expect(404);
    const parentOwned = await t
      .http()
      .post('/api/v1/datasets')
      .set(bearer(kascadeCurator.token))
      .send({ group: 'kit-iap', metadata: releaseMetadata() })
      .expect(201);
    expect(parentOwned.body).toMatchObject({ ownerGroup: 'kit-iap' });
  });
});
