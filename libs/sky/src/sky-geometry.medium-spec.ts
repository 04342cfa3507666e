import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { SkyGeometry1732700000000 } from '../../../migrations/1732700000000-sky-geometry.js';
import { type TestDatabase, createTestDatabase } from '../../../test/support/test-database.js';
import { angularDistance, coneIntersectsRegion, distanceToRegion, icrsToGalactic } from './sky-geometry.js';
import type { SkyCone, SkyFrame, SkyRegion } from './sky-region.js';

/** Agreement required between PostgreSQL and TypeScript, in degrees. */
const AGREEMENT = 1e-7;

interface Case {
  readonly regions: readonly SkyRegion[];
  readonly cone: SkyCone;
  /** A second point, for apdc_angular_distance from the cone's centre. */
  readonly other: { readonly ra: number; readonly dec: number };
}

// fc.double favours extreme values (tiny, huge, bounds), which find rounding and underflow trouble; evenly
// spread values stand for ordinary coordinates.
const uniform = (min: number, max: number): fc.Arbitrary<number> =>
  fc.integer({ min: 0, max: 2 ** 30 }).map((step) => min + ((max - min) * step) / 2 ** 30);
const longitude = fc.oneof(
  { weight: 3, arbitrary: uniform(0, 360) },
  { weight: 2, arbitrary: fc.double({ min: 0, max: 360, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 0.5, 90, 180, 250, 265, 359.5, 360) },
);
const latitude = fc.oneof(
  { weight: 3, arbitrary: uniform(-90, 90) },
  { weight: 2, arbitrary: fc.double({ min: -90, max: 90, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(-90, -89.5, -3, 0, 3, 89.5, 90) },
);
const frame = fc.constantFrom<SkyFrame>('icrs', 'galactic');
const region: fc.Arbitrary<SkyRegion> = fc.oneof(
  { weight: 1, arbitrary: fc.constant({ kind: 'all-sky' as const }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('cone' as const),
      frame,
      lon: longitude,
      lat: latitude,
      radius: fc.oneof(fc.double({ min: 1e-6, max: 180, noNaN: true }), fc.constantFrom(1e-6, 1, 180)),
    }),
  },
  {
    weight: 8,
    arbitrary: fc
      .tuple(frame, longitude, longitude, latitude, latitude, fc.constantFrom('any', 'any', 'band', 'cap'))
      .map(([frame, lonMin, lonMax, latA, latB, shape]) => ({
        kind: 'box' as const,
        frame,
        lonMin: shape === 'band' ? 0 : lonMin,
        lonMax: shape === 'band' ? 360 : lonMax,
        latMin: Math.min(latA, latB),
        latMax: shape === 'cap' ? 90 : Math.max(latA, latB),
      })),
  },
);
const ra = fc.oneof(
  { weight: 3, arbitrary: uniform(0, 359.999999) },
  { weight: 2, arbitrary: fc.double({ min: 0, max: 360, maxExcluded: true, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 83.63308, 266.40499, 359.999999) },
);
const randomCase: fc.Arbitrary<Case> = fc.record({
  regions: fc.array(region, { minLength: 0, maxLength: 3 }),
  cone: fc.record({
    ra,
    dec: latitude,
    radius: fc.oneof(
      uniform(0, 30),
      fc.double({ min: 0, max: 180, noNaN: true }),
      fc.constantFrom(0, 1e-3, 180),
    ),
  }),
  other: fc.record({ ra, dec: latitude }),
});

/** The H.E.S.S. Galactic plane survey: l from 250 through 0 to 65, |b| ≤ 3. */
const GALACTIC_PLANE_SURVEY: SkyRegion = {
  kind: 'box',
  frame: 'galactic',
  lonMin: 250,
  lonMax: 65,
  latMin: -3,
  latMax: 3,
};

const edgeCases: Case[] = [
  [GALACTIC_PLANE_SURVEY, 266.40499, -28.93617, 0],
  [GALACTIC_PLANE_SURVEY, 83.63308, 22.0145, 5],
  [GALACTIC_PLANE_SURVEY, 83.63308, 22.0145, 180],
  [GALACTIC_PLANE_SURVEY, 192.85948, 27.12825, 87],
  [{ kind: 'box', frame: 'icrs', lonMin: 350, lonMax: 10, latMin: -5, latMax: 5 }, 0, 0, 0],
  [{ kind: 'box', frame: 'icrs', lonMin: 350, lonMax: 10, latMin: -5, latMax: 5 }, 180, 0, 0],
  [{ kind: 'box', frame: 'icrs', lonMin: 350, lonMax: 10, latMin: -5, latMax: 5 }, 20, 0, 10],
  [{ kind: 'box', frame: 'icrs', lonMin: 0, lonMax: 10, latMin: 80, latMax: 90 }, 123, 90, 0],
  [{ kind: 'box', frame: 'icrs', lonMin: 0, lonMax: 10, latMin: 80, latMax: 90 }, 200, 85, 5],
  [{ kind: 'box', frame: 'icrs', lonMin: 0, lonMax: 10, latMin: -80, latMax: -10 }, 185, 10, 110],
  [{ kind: 'box', frame: 'icrs', lonMin: 10, lonMax: 360, latMin: -1, latMax: 1 }, 0, 0, 0],
  [{ kind: 'box', frame: 'icrs', lonMin: 0, lonMax: 360, latMin: 10, latMax: 20 }, 300, 90, 70],
  [{ kind: 'box', frame: 'icrs', lonMin: 30, lonMax: 30, latMin: 10, latMax: 10 }, 30, 10, 0],
  [{ kind: 'cone', frame: 'icrs', lon: 0, lat: -90, radius: 1 }, 359.999999, -89, 0],
  [{ kind: 'cone', frame: 'galactic', lon: 0, lat: 90, radius: 180 }, 12, 34, 0],
  [{ kind: 'all-sky' }, 0, 90, 0],
].map(([target, ra, dec, radius]) => ({
  regions: [target as SkyRegion],
  cone: { ra: ra as number, dec: dec as number, radius: radius as number },
  other: { ra: 0, dec: -90 },
}));

interface SqlResult {
  distances: number[];
  intersects: boolean;
  separation: number;
  l: number;
  b: number;
}

describe('sky geometry in PostgreSQL', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.close();
  });

  it('computes what the TypeScript functions compute, on thousands of regions and cones', async () => {
    const cases = [...edgeCases, ...fc.sample(randomCase, { numRuns: 4000, seed: 1732700000 })];
    const rows: SqlResult[] = await db.dataSource.query(
      `SELECT
         ARRAY(
           SELECT apdc_sky_distance(target.region, cone.ra, cone.dec)
           FROM jsonb_array_elements(input.c -> 'regions') WITH ORDINALITY AS target (region, position)
           ORDER BY target.position
         ) AS distances,
         apdc_sky_cone_intersects(input.c -> 'regions', cone.ra, cone.dec, cone.radius) AS intersects,
         apdc_angular_distance(cone.ra, cone.dec, (c -> 'other' ->> 'ra')::float8, (c -> 'other' ->> 'dec')::float8)
           AS separation,
         galactic.l,
         galactic.b
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS input (c, position)
       CROSS JOIN LATERAL (
         SELECT (c -> 'cone' ->> 'ra')::float8 AS ra, (c -> 'cone' ->> 'dec')::float8 AS dec,
                (c -> 'cone' ->> 'radius')::float8 AS radius
       ) AS cone
       CROSS JOIN LATERAL apdc_icrs_to_galactic(cone.ra, cone.dec) AS galactic
       ORDER BY input.position`,
      [JSON.stringify(cases)],
    );

    expect(rows).toHaveLength(cases.length);
    const disagreements: string[] = [];
    let toleratedSplits = 0;
    rows.forEach((row, index) => {
      const { regions, cone, other } = cases[index]!;
      const where = `case ${index} ${JSON.stringify(cases[index])}`;
      const distances = regions.map((target) => distanceToRegion(target, cone.ra, cone.dec));
      distances.forEach((distance, position) => {
        if (!(Math.abs(distance - row.distances[position]!) <= AGREEMENT)) {
          disagreements.push(
            `${where}: distance ${distance} in TypeScript, ${row.distances[position]} in SQL`,
          );
        }
      });
      if (row.intersects !== regions.some((target) => coneIntersectsRegion(target, cone))) {
        // Only a cone touching a region to within the distances' agreement may be decided differently.
        if (Math.abs(Math.min(...distances) - cone.radius) < AGREEMENT) toleratedSplits += 1;
        else
          disagreements.push(
            `${where}: intersects ${!row.intersects} in TypeScript, ${row.intersects} in SQL`,
          );
      }
      const separation = angularDistance(cone.ra, cone.dec, other.ra, other.dec);
      if (!(Math.abs(separation - row.separation) <= AGREEMENT)) {
        disagreements.push(`${where}: separation ${separation} in TypeScript, ${row.separation} in SQL`);
      }
      const { l, b } = icrsToGalactic(cone.ra, cone.dec);
      // Compared as positions: near the Galactic poles l is ill-conditioned.
      if (!(angularDistance(l, b, row.l, row.b) <= 1e-9 && row.l >= 0 && row.l < 360)) {
        disagreements.push(`${where}: galactic (${l}, ${b}) in TypeScript, (${row.l}, ${row.b}) in SQL`);
      }
    });
    expect(disagreements).toEqual([]);
    expect(toleratedSplits).toBeLessThan(cases.length / 100);
    // The comparison is meaningful: both answers occur often.
    expect(rows.filter((row) => row.intersects).length).toBeGreaterThan(cases.length / 5);
    expect(rows.filter((row) => !row.intersects).length).toBeGreaterThan(cases.length / 5);
  });

  it('finds no intersection with an empty coverage, and the function is usable in indexes and parallel plans', async () => {
    const [empty]: Array<{ intersects: boolean }> = await db.dataSource.query(
      `SELECT apdc_sky_cone_intersects('[]'::jsonb, 10, 20, 180) AS intersects`,
    );
    expect(empty?.intersects).toBe(false);
    const functions: Array<{ name: string; volatility: string; parallel: string }> =
      await db.dataSource.query(
        `SELECT proname AS name, provolatile AS volatility, proparallel AS parallel
       FROM pg_proc WHERE proname IN
         ('apdc_angular_distance', 'apdc_icrs_to_galactic', 'apdc_sky_distance', 'apdc_sky_cone_intersects')
       ORDER BY proname`,
      );
    expect(functions).toEqual(
      ['apdc_angular_distance', 'apdc_icrs_to_galactic', 'apdc_sky_cone_intersects', 'apdc_sky_distance'].map(
        (name) => ({ name, volatility: 'i', parallel: 's' }),
      ),
    );
  });

  it('refuses a region it cannot read rather than guessing', async () => {
    await expect(
      db.dataSource.query(`SELECT apdc_sky_distance('{"kind": "box", "frame": "fk4"}'::jsonb, 0, 0)`),
    ).rejects.toThrow(/no known frame/);
    await expect(
      db.dataSource.query(`SELECT apdc_sky_distance('{"kind": "box", "frame": "icrs"}'::jsonb, 0, 0)`),
    ).rejects.toThrow(/lacks lonMin/);
    await expect(
      db.dataSource.query(
        `SELECT apdc_sky_distance('{"kind": "cone", "frame": "icrs", "lon": 1}'::jsonb, 0, 0)`,
      ),
    ).rejects.toThrow(/lacks lon, lat or radius/);
  });

  it('drops the functions on down and creates them again on up', async () => {
    const migration = new SkyGeometry1732700000000();
    const runner = db.dataSource.createQueryRunner();
    const count = async (): Promise<number> => {
      const [row]: Array<{ count: number }> = await runner.query(
        `SELECT count(*)::int AS count FROM pg_proc WHERE proname IN
           ('apdc_angular_distance', 'apdc_icrs_to_galactic', 'apdc_sky_distance', 'apdc_sky_cone_intersects')`,
      );
      return row?.count ?? -1;
    };
    try {
      await migration.down(runner);
      expect(await count()).toBe(0);
      await migration.up(runner);
      expect(await count()).toBe(4);
    } finally {
      await runner.release();
    }
  });
});
