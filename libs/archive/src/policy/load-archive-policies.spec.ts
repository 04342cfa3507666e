import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { stringify } from 'yaml';
import {
  type ArchivePolicy,
  ArchivePolicyError,
  loadArchivePolicies,
  shippedArchivePoliciesDir,
} from './index.js';

type Policy = Record<string, unknown>;

function standardPolicy(overrides: Policy = {}): Policy {
  return {
    id: 'standard',
    title: 'Standard',
    default: true,
    copies: [
      { id: 'disk', storageClass: 'STANDARD', audit: { interval: 'P30D', method: 'rehash' } },
      {
        id: 'tape',
        storageClass: 'DEEP_ARCHIVE',
        audit: { interval: 'P90D', method: 'stored-checksum', sampledRecall: { fraction: 0.05 } },
      },
    ],
    embargo: 'archive',
    maxBagBytes: '100 GiB',
    retention: { minimum: 'P30Y', afterWithdrawal: 'keep' },
    ...overrides,
  };
}

function neutrinoPolicy(overrides: Policy = {}): Policy {
  const { default: _default, ...rest } = standardPolicy();
  return {
    ...rest,
    id: 'neutrinos',
    title: 'Neutrinos',
    appliesTo: { messengers: ['neutrino'] },
    ...overrides,
  };
}

describe(loadArchivePolicies.name, () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'apdc-policies-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function write(file: string, policy: Policy | string): Promise<void> {
    await writeFile(path.join(dir, file), typeof policy === 'string' ? policy : stringify(policy));
  }

  /** The problems loading `dir` reports (fails the test when it loads). */
  async function problems(): Promise<readonly string[]> {
    const error = await loadArchivePolicies(dir).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(error instanceof ArchivePolicyError))
      throw new Error(`expected ArchivePolicyError, got ${String(error)}`);
    expect(error.message).toContain(dir);
    for (const problem of error.problems) expect(error.message).toContain(problem);
    return error.problems;
  }

  describe('the shipped policies', () => {
    it('load, with the standard policy as the default', async () => {
      const sut = await loadArchivePolicies(shippedArchivePoliciesDir());

      expect(sut.policies.map((p) => p.id)).toEqual(['gravitational-waves', 'standard']);
      expect(sut.defaultPolicy.id).toBe('standard');
      const standard = sut.byId('standard');
      expect(standard?.description).toContain('thirty years');
      const expected: ArchivePolicy = {
        id: 'standard',
        title: 'Standard long-term archive',
        description: standard?.description ?? null,
        isDefault: true,
        appliesTo: null,
        priority: 0,
        copies: [
          {
            id: 'disk',
            storageClass: 'STANDARD',
            audit: {
              interval: 'P30D',
              intervalSeconds: 30 * 86_400,
              method: 'rehash',
              sampledRecallFraction: 0,
            },
          },
          {
            id: 'tape',
            storageClass: 'DEEP_ARCHIVE',
            audit: {
              interval: 'P90D',
              intervalSeconds: 90 * 86_400,
              method: 'stored-checksum',
              sampledRecallFraction: 0.05,
            },
          },
        ],
        embargo: 'archive',
        maxBagBytes: 100 * 1024 ** 3,
        retention: { minimum: 'P30Y', minimumSeconds: 30 * 365.25 * 86_400, afterWithdrawal: 'keep' },
        sha256: createHash('sha256')
          .update(await readFile(path.join(shippedArchivePoliciesDir(), 'standard.yaml')))
          .digest('hex'),
        file: 'standard.yaml',
      };
      expect(standard).toEqual(expected);
    });

    it('give gravitational-wave detector releases three copies and everything else the standard policy', async () => {
      const sut = await loadArchivePolicies(shippedArchivePoliciesDir());

      const gw = sut.forRelease({ facilities: ['ligo', 'virgo'], messengers: ['gravitational-wave'] });
      expect(gw.id).toBe('gravitational-waves');
      expect(gw.copies.map((c) => c.storageClass)).toEqual(['STANDARD', 'DEEP_ARCHIVE', 'GLACIER']);
      expect(sut.forRelease({ facilities: ['kagra'], messengers: [] }).id).toBe('gravitational-waves');
      expect(sut.forRelease({ facilities: ['icecube'], messengers: ['neutrino'] }).id).toBe('standard');
      expect(sut.forRelease({ facilities: [], messengers: [] }).id).toBe('standard');
    });

    it('ignore the README, the JSON schema and a BagIt profile beside them', async () => {
      for (const file of ['README.md', 'archive-policy.schema.json']) {
        await writeFile(path.join(dir, file), await readFile(path.join(shippedArchivePoliciesDir(), file)));
      }
      await writeFile(path.join(dir, 'apdc-bagit-profile.json'), '{"not": "a policy"}');
      await writeFile(path.join(dir, '.standard.yaml.swp'), 'garbage: [');
      await write('standard.yaml', standardPolicy());

      const sut = await loadArchivePolicies(dir);

      expect(sut.policies.map((p) => p.file)).toEqual(['standard.yaml']);
    });
  });

  it('reads .yml files and policies mounted as symlinks (Kubernetes ConfigMaps)', async () => {
    await mkdir(path.join(dir, '..data'));
    await write('..data/standard.yaml', standardPolicy());
    await symlink('..data/standard.yaml', path.join(dir, 'standard.yaml'));
    await write('neutrinos.yml', neutrinoPolicy());

    const sut = await loadArchivePolicies(dir);

    expect(sut.policies.map((p) => p.file)).toEqual(['neutrinos.yml', 'standard.yaml']);
  });

  it('keeps the description null when absent and parses a byte count given as a number', async () => {
    await write('standard.yaml', standardPolicy({ maxBagBytes: 5_000_000 }));

    const [policy] = (await loadArchivePolicies(dir)).policies;

    expect(policy?.description).toBeNull();
    expect(policy?.maxBagBytes).toBe(5_000_000);
  });

  describe('refuses', () => {
    it('YAML that does not parse, with line and column', async () => {
      await write('standard.yaml', 'id: standard\ncopies: [\n  - id: disk\n');

      const found = await problems();

      expect(found.length).toBeGreaterThan(0);
      for (const problem of found) expect(problem).toMatch(/^standard\.yaml: line \d+, column \d+: \S/);
    });

    it('a key given twice', async () => {
      await write('standard.yaml', `${stringify(standardPolicy())}embargo: defer\n`);

      expect(await problems()).toEqual([
        expect.stringMatching(/^standard\.yaml: line \d+, column 1: Map keys must be unique/),
      ]);
    });

    it('an unknown key, naming the keys allowed there', async () => {
      const policy = standardPolicy();
      const copies = policy['copies'] as Policy[];
      copies[0] = { ...copies[0], audit: { interval: 'P30D', method: 'rehash', every: 'P1D' } };
      await write('standard.yaml', { ...policy, copys: [] });

      expect(await problems()).toEqual([
        expect.stringMatching(
          /^standard\.yaml: copys: unknown key \(allowed here: id, title, description, default,/,
        ),
        'standard.yaml: copies[0].audit.every: unknown key (allowed here: interval, method, sampledRecall)',
      ]);
    });

    it('missing keys, saying what belongs there', async () => {
      const { retention: _retention, ...policy } = standardPolicy();
      await write('standard.yaml', { ...policy, copies: [{ id: 'disk', audit: { interval: 'P1D' } }] });

      expect(await problems()).toEqual([
        'standard.yaml: retention: missing; expected a mapping with minimum and afterWithdrawal',
        expect.stringMatching(
          /^standard\.yaml: copies\[0\]\.storageClass: missing; expected an S3 storage class \(STANDARD, /,
        ),
        expect.stringMatching(
          /^standard\.yaml: copies\[0\]\.audit\.method: missing; expected rehash \(read the copy/,
        ),
      ]);
    });

    it('two default policies, naming each', async () => {
      await write('standard.yaml', standardPolicy());
      await write('neutrinos.yaml', neutrinoPolicy({ appliesTo: undefined, default: true }));

      expect(await problems()).toEqual([
        'neutrinos.yaml: default: exactly one policy may be the default, but so is standard.yaml',
        'standard.yaml: default: exactly one policy may be the default, but so is neutrinos.yaml',
      ]);
    });

    it('no default policy', async () => {
      await write('neutrinos.yaml', neutrinoPolicy());

      expect(await problems()).toEqual([
        `${dir}: (directory): no policy has "default: true"; exactly one must`,
      ]);
    });

    it('a directory without policies, and one that does not exist', async () => {
      await writeFile(path.join(dir, 'README.md'), '# nothing here');
      expect(await problems()).toEqual([
        `${dir}: (directory): holds no archive policy (*.yaml or *.yml files)`,
      ]);

      const missing = path.join(dir, 'missing');
      await expect(loadArchivePolicies(missing)).rejects.toThrow(`${missing}: (directory): cannot be read`);
    });

    it('a duplicate copy id', async () => {
      const policy = standardPolicy();
      const copies = policy['copies'] as Policy[];
      await write('standard.yaml', {
        ...policy,
        copies: [...copies, { ...copies[0], storageClass: 'GLACIER' }],
      });

      expect(await problems()).toEqual([
        'standard.yaml: copies[2].id: duplicate copy id "disk" (also copies[0])',
      ]);
    });

    it('a bad duration, once, with what a good one looks like', async () => {
      await write(
        'standard.yaml',
        standardPolicy({ retention: { minimum: '30 years', afterWithdrawal: 'keep' } }),
      );

      expect(await problems()).toEqual([
        'standard.yaml: retention.minimum: must be an ISO 8601 duration of whole units such as P30D, PT10M, P1Y6M or P2W (got "30 years")',
      ]);
    });

    it('an audit interval of zero', async () => {
      const policy = standardPolicy();
      const copies = policy['copies'] as Policy[];
      copies[0] = { ...copies[0], audit: { interval: 'PT0S', method: 'rehash' } };
      await write('standard.yaml', policy);

      expect(await problems()).toEqual([
        'standard.yaml: copies[0].audit.interval: must be longer than zero (got "PT0S")',
      ]);
    });

    it.each([
      ['"100 GB!"', '100 GB!', 'must be a whole number of bytes, or a size such as "100 GiB"'],
      ['an ambiguous unit', '100 KB', 'must be a whole number of bytes, or a size such as "100 GiB"'],
      ['a fraction of a byte', '0.1 KiB', '"0.1 KiB" is not a whole number of bytes'],
      ['less than 1 MiB', '1000 kB', 'must be at least 1 MiB (1048576 bytes), got 1000000 bytes'],
      ['a float', 1.5e6 + 0.5, 'must be a whole number of bytes'],
      ['a size beyond 2^53 bytes', '9 EiB', '"9 EiB" is too large'],
    ])('a bad maxBagBytes: %s', async (_case, maxBagBytes, message) => {
      await write('standard.yaml', standardPolicy({ maxBagBytes }));

      const found = await problems();

      expect(found).toHaveLength(1);
      expect(found[0]).toContain(`standard.yaml: maxBagBytes: ${message}`);
    });

    it.each([0, 1.5, -0.1])('a sampled recall fraction of %s', async (fraction) => {
      const policy = standardPolicy();
      const copies = policy['copies'] as Policy[];
      copies[1] = {
        ...copies[1],
        audit: { interval: 'P90D', method: 'stored-checksum', sampledRecall: { fraction } },
      };
      await write('standard.yaml', policy);

      expect(await problems()).toEqual([
        `standard.yaml: copies[1].audit.sampledRecall.fraction: must be greater than 0 and at most 1 (got ${fraction}); leave sampledRecall out for no recalls`,
      ]);
    });

    it('a sampled recall on a copy that is rehashed anyway', async () => {
      const policy = standardPolicy();
      const copies = policy['copies'] as Policy[];
      copies[0] = {
        ...copies[0],
        audit: { interval: 'P30D', method: 'rehash', sampledRecall: { fraction: 0.5 } },
      };
      await write('standard.yaml', policy);

      expect(await problems()).toEqual([
        'standard.yaml: copies[0].audit.sampledRecall: applies only to method stored-checksum (rehash already reads the whole copy at every audit)',
      ]);
    });

    it.each(['deep_archive', 'Glacier', 'X', 'TAPE-1'])('storage class %s', async (storageClass) => {
      const policy = standardPolicy();
      const copies = policy['copies'] as Policy[];
      copies[1] = { ...copies[1], storageClass };
      await write('standard.yaml', policy);

      expect(await problems()).toEqual([
        expect.stringContaining(
          `standard.yaml: copies[1].storageClass: must be an S3 storage class (STANDARD, STANDARD_IA, GLACIER, DEEP_ARCHIVE) or a site's own class name`,
        ),
      ]);
    });

    it('accepts a site storage class name', async () => {
      const policy = standardPolicy();
      const copies = policy['copies'] as Policy[];
      copies[1] = { ...copies[1], storageClass: 'GRIDKA_TAPE' };
      await write('standard.yaml', policy);

      const sut = await loadArchivePolicies(dir);

      expect(sut.defaultPolicy.copies[1]?.storageClass).toBe('GRIDKA_TAPE');
    });

    it('an id that is not the file name', async () => {
      await write('standard.yaml', standardPolicy({ id: 'default' }));

      expect(await problems()).toEqual([
        'standard.yaml: id: must equal the file name without its extension ("standard"), got "default"',
      ]);
    });

    it('the same id in a .yaml and a .yml file', async () => {
      await write('standard.yaml', standardPolicy());
      await write('neutrinos.yaml', neutrinoPolicy());
      await write('neutrinos.yml', neutrinoPolicy());

      expect(await problems()).toEqual([
        'neutrinos.yml: id: policy id "neutrinos" is also used by neutrinos.yaml',
      ]);
    });

    it('appliesTo and priority on the default policy, and unknown or empty slug lists', async () => {
      await write('standard.yaml', standardPolicy({ appliesTo: { facilities: ['icecube'] }, priority: 3 }));
      await write(
        'neutrinos.yaml',
        neutrinoPolicy({ appliesTo: { facilities: ['ice-cube', 'km3net'], messengers: [] } }),
      );

      expect(await problems()).toEqual([
        expect.stringMatching(
          /^neutrinos\.yaml: appliesTo\.messengers: must be a list of distinct slugs .* \(got \[\]\)$/,
        ),
        expect.stringMatching(
          /^neutrinos\.yaml: appliesTo\.facilities\[0\]: unknown facility "ice-cube" \(known: .*icecube.*\)$/,
        ),
        'standard.yaml: appliesTo: not allowed on the default policy, which applies to every release no other policy takes',
        'standard.yaml: priority: not allowed on the default policy, which is chosen only when no other policy applies',
      ]);
    });

    it('every problem of every file at once', async () => {
      await write('standard.yaml', standardPolicy({ embargo: 'later', maxBagBytes: '10 kB', title: 7 }));
      await write('neutrinos.yaml', 'id: [');
      await write('muons.yaml', neutrinoPolicy({ id: 'muons', copies: [] }));

      const found = await problems();

      expect(found).toEqual([
        expect.stringMatching(/^muons\.yaml: copies: must be a list of at least one copy \(got \[\]\)$/),
        expect.stringMatching(/^neutrinos\.yaml: line 1, column \d+: /),
        expect.stringMatching(/^standard\.yaml: title: must be a one-line title/),
        expect.stringMatching(/^standard\.yaml: embargo: must be archive .* or defer .* \(got "later"\)$/),
        'standard.yaml: maxBagBytes: must be at least 1 MiB (1048576 bytes), got 10000 bytes',
      ]);
    });
  });
});
