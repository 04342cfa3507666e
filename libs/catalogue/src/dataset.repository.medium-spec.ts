import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AccessPolicy, type GroupRole, type Principal } from '@apdc/access';
import { newId } from '@apdc/platform';
import { type TestDatabase, createTestDatabase } from '../../../test/support/test-database.js';
import { DatasetRepository } from './dataset.repository.js';

/**
 * The dataset list filters in SQL what AccessPolicy decides in code. Over every combination of groups,
 * grants, draft-only datasets and principals, both must give the same answer.
 */
describe(DatasetRepository.name, () => {
  let db: TestDatabase;
  let sut: DatasetRepository;
  const groups = ['root', 'child', 'sibling', 'partner'].map((slug) => ({ slug, id: newId() }));
  const groupId = (slug: string): string => groups.find((group) => group.slug === slug)?.id ?? '';
  const datasets: Array<{ id: string; ownerGroupId: string; grantedGroupIds: string[]; released: boolean }> =
    [];

  beforeAll(async () => {
    db = await createTestDatabase();
    sut = new DatasetRepository(db.dataSource);
    const userId = newId();
    await db.dataSource.query(`INSERT INTO users (id, email, name) VALUES ($1, 'u@example.org', 'U')`, [
      userId,
    ]);
    for (const group of groups) {
      await db.dataSource.query(`INSERT INTO groups (id, slug, name, parent_id) VALUES ($1, $2, $2, $3)`, [
        group.id,
        group.slug,
        group.slug === 'child' ? groupId('root') : null,
      ]);
    }
    for (const owner of ['root', 'child', 'sibling']) {
      for (const grant of [[], ['partner'], ['child']]) {
        for (const released of [true, false]) {
          const dataset = {
            id: newId(),
            ownerGroupId: groupId(owner),
            grantedGroupIds: grant.map(groupId),
            released,
          };
          datasets.push(dataset);
          await db.dataSource.query(
            `INSERT INTO datasets (id, owner_group_id, created_by) VALUES ($1, $2, $3)`,
            [dataset.id, dataset.ownerGroupId, userId],
          );
          for (const granted of dataset.grantedGroupIds) {
            await db.dataSource.query(`INSERT INTO dataset_grants (dataset_id, group_id) VALUES ($1, $2)`, [
              dataset.id,
              granted,
            ]);
          }
          await db.dataSource.query(
            `INSERT INTO dataset_versions (id, dataset_id, number, state, metadata_sha256, created_by, published_at)
             VALUES ($1, $2, 1, $3, 'x', $4, $5)`,
            [newId(), dataset.id, released ? 'published' : 'draft', userId, released ? new Date() : null],
          );
        }
      }
    }
  });
  afterAll(async () => {
    await db.close();
  });

  const roleSets: Array<Record<string, GroupRole>> = [
    {},
    { root: 'reader' },
    { child: 'reader', root: 'reader' },
    { sibling: 'curator' },
    { partner: 'reader' },
    { child: 'depositor', root: 'depositor', partner: 'reader' },
  ];
  const principals: Principal[] = [
    ...roleSets.map((roles) => ({
      userId: newId(),
      isAdmin: false,
      groupRoles: new Map(Object.entries(roles).map(([slug, role]) => [groupId(slug), role])),
    })),
    { userId: newId(), isAdmin: true, groupRoles: new Map() },
    { userId: undefined, isAdmin: false, groupRoles: new Map() },
  ];

  it.each(principals.map((principal, index) => [index, principal] as const))(
    'lists exactly the datasets the policy lets principal #%i see',
    async (_index, principal) => {
      const listed = (await sut.listVisible(principal, undefined, 1000)).map((dataset) => dataset.id).sort();
      const expected = datasets
        .filter((dataset) => dataset.released || AccessPolicy.mayReadProtected(principal, dataset))
        .map((dataset) => dataset.id)
        .sort();
      expect(listed).toEqual(expected);
    },
  );

  it('pages through the visible datasets without gaps or repeats', async () => {
    const admin = principals.find((principal) => principal.isAdmin) as Principal;
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await sut.listVisible(admin, after, 5);
      if (page.length === 0) break;
      seen.push(...page.map((dataset) => dataset.id));
      after = page.at(-1)?.id;
    }
    expect(seen).toEqual(datasets.map((dataset) => dataset.id).sort());
  });
});
