import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  angularDistance,
  coneIntersectsRegion,
  distanceToRegion,
  galacticToIcrs,
  icrsToGalactic,
  skyConeViolations,
  skyRegionViolations,
} from './sky-geometry.js';
import type { SkyFrame, SkyRegion } from './sky-region.js';

// ---- An independent reference: unit vectors, chord lengths, dense sampling of region boundaries. ----

type Vector = readonly [number, number, number];
const RAD = Math.PI / 180;

function unitVector(lon: number, lat: number): Vector {
  return [
    Math.cos(lat * RAD) * Math.cos(lon * RAD),
    Math.cos(lat * RAD) * Math.sin(lon * RAD),
    Math.sin(lat * RAD),
  ];
}

const cross = (p: Vector, q: Vector): Vector => [
  p[1] * q[2] - p[2] * q[1],
  p[2] * q[0] - p[0] * q[2],
  p[0] * q[1] - p[1] * q[0],
];

/** Great-circle distance between unit vectors, atan2(|p × q|, p · q): accurate at every separation. */
function vectorDistance(p: Vector, q: Vector): number {
  return Math.atan2(Math.hypot(...cross(p, q)), p[0] * q[0] + p[1] * q[1] + p[2] * q[2]) / RAD;
}

function referenceDistance(lon1: number, lat1: number, lon2: number, lat2: number): number {
  return vectorDistance(unitVector(lon1, lat1), unitVector(lon2, lat2));
}

const mod360 = (value: number): number => ((value % 360) + 360) % 360;

/** The point as the region's frame sees it. */
function inFrame(frame: SkyFrame, ra: number, dec: number): { lon: number; lat: number } {
  if (frame === 'icrs') return { lon: ra, lat: dec };
  const { l, b } = icrsToGalactic(ra, dec);
  return { lon: l, lat: b };
}

/** Width of a box in longitude, 360 for a full band. */
function boxWidth(box: { lonMin: number; lonMax: number }): number {
  if (box.lonMax - box.lonMin >= 360) return 360;
  return box.lonMin <= box.lonMax ? box.lonMax - box.lonMin : 360 - (box.lonMin - box.lonMax);
}

/** Inside test written differently from the implementation: the offset from lonMin against the width. */
function referenceInside(region: SkyRegion, lon: number, lat: number): boolean {
  switch (region.kind) {
    case 'all-sky':
      return true;
    case 'cone':
      return referenceDistance(region.lon, region.lat, lon, lat) <= region.radius;
    case 'box': {
      if (lat < region.latMin || lat > region.latMax) return false;
      if (Math.abs(lat) === 90) return true;
      const offset = lon >= region.lonMin ? lon - region.lonMin : lon - region.lonMin + 360;
      return offset <= boxWidth(region);
    }
  }
}

/** Points along an arc every `step` degrees or closer, both ends included. */
function spaced(from: number, to: number, step: number): number[] {
  const count = Math.max(1, Math.ceil(Math.abs(to - from) / step));
  return Array.from({ length: count + 1 }, (_, index) => from + ((to - from) * index) / count);
}

/**
 * Points of the region's boundary as unit vectors, consecutive ones at most `step` degrees apart along it.
 * Cone circles are built from an orthonormal basis around the centre, which stays accurate at the poles.
 */
function boundarySamples(region: SkyRegion, step: number): Vector[] {
  switch (region.kind) {
    case 'all-sky':
      return [];
    case 'cone': {
      const centre = unitVector(region.lon, region.lat);
      const helper: Vector = Math.abs(centre[2]) < 0.9 ? [0, 0, 1] : [1, 0, 0];
      const first = cross(helper, centre);
      const length = Math.hypot(...first);
      const u: Vector = [first[0] / length, first[1] / length, first[2] / length];
      const v = cross(centre, u);
      const [cosRadius, sinRadius] = [Math.cos(region.radius * RAD), Math.sin(region.radius * RAD)];
      const circumference = 360 * sinRadius;
      return spaced(0, 2 * Math.PI, (step / Math.max(circumference, step)) * 2 * Math.PI).map((angle) => {
        const [along, across] = [Math.cos(angle) * sinRadius, Math.sin(angle) * sinRadius];
        const component = (axis: 0 | 1 | 2): number =>
          centre[axis] * cosRadius + u[axis] * along + v[axis] * across;
        return [component(0), component(1), component(2)];
      });
    }
    case 'box': {
      const longitudes = spaced(region.lonMin, region.lonMin + boxWidth(region), step);
      const latitudes = spaced(region.latMin, region.latMax, step);
      return [
        ...latitudes.flatMap((lat) => [unitVector(region.lonMin, lat), unitVector(region.lonMax, lat)]),
        ...longitudes.flatMap((lon) => [unitVector(lon, region.latMin), unitVector(lon, region.latMax)]),
      ];
    }
  }
}

const SAMPLE_STEP = 0.5;

/**
 * Distance by brute force: 0 inside, else the nearest boundary sample. It is never below the true
 * distance (samples belong to the region) and at most half a sample step above it.
 */
function bruteForceDistance(
  region: SkyRegion,
  ra: number,
  dec: number,
): { distance: number; inside: boolean } {
  const { lon, lat } = inFrame(region.kind === 'all-sky' ? 'icrs' : region.frame, ra, dec);
  if (referenceInside(region, lon, lat)) return { distance: 0, inside: true };
  const point = unitVector(lon, lat);
  const distances = boundarySamples(region, SAMPLE_STEP).map((sample) => vectorDistance(point, sample));
  return { distance: Math.min(...distances), inside: false };
}

// ---- Generators, biased towards the edge cases: poles, longitude 0/360, degenerate and polar boxes. ----

// fc.double favours extreme values (tiny, huge, bounds), which find rounding and underflow trouble; evenly
// spread values stand for ordinary coordinates.
const uniform = (min: number, max: number): fc.Arbitrary<number> =>
  fc.integer({ min: 0, max: 2 ** 30 }).map((step) => min + ((max - min) * step) / 2 ** 30);
const longitude = fc.oneof(
  { weight: 3, arbitrary: uniform(0, 360) },
  { weight: 2, arbitrary: fc.double({ min: 0, max: 360, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 0.5, 90, 180, 270, 359.5, 360) },
);
const latitude = fc.oneof(
  { weight: 3, arbitrary: uniform(-90, 90) },
  { weight: 2, arbitrary: fc.double({ min: -90, max: 90, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(-90, -89.5, -3, 0, 3, 89.5, 90) },
);
const frame = fc.constantFrom<SkyFrame>('icrs', 'galactic');

const coneRegion: fc.Arbitrary<SkyRegion> = fc.record({
  kind: fc.constant('cone' as const),
  frame,
  lon: longitude,
  lat: latitude,
  radius: fc.oneof(fc.double({ min: 1e-6, max: 180, noNaN: true }), fc.constantFrom(1e-6, 90, 179.5, 180)),
});

const boxRegion: fc.Arbitrary<SkyRegion> = fc
  .record({
    frame,
    lonMin: longitude,
    lonMax: longitude,
    latA: latitude,
    latB: latitude,
    shape: fc.constantFrom('any', 'any', 'any', 'band', 'meridian', 'parallel', 'north-cap', 'south-cap'),
  })
  .map(({ frame, lonMin, lonMax, latA, latB, shape }): SkyRegion => {
    const [latMin, latMax] = latA <= latB ? [latA, latB] : [latB, latA];
    const box = { kind: 'box' as const, frame, lonMin, lonMax, latMin, latMax };
    switch (shape) {
      case 'band':
        return { ...box, lonMin: 0, lonMax: 360 };
      case 'meridian':
        return { ...box, lonMax: lonMin };
      case 'parallel':
        return { ...box, latMax: latMin };
      case 'north-cap':
        return { ...box, latMax: 90 };
      case 'south-cap':
        return { ...box, latMin: -90 };
      case 'any':
        return box;
    }
  });

const region = fc.oneof(
  { weight: 1, arbitrary: fc.constant<SkyRegion>({ kind: 'all-sky' }) },
  { weight: 5, arbitrary: coneRegion },
  { weight: 10, arbitrary: boxRegion },
);

/** A point anywhere, or within a few degrees of one of the region's corners or its centre, as ICRS. */
function pointFor(target: SkyRegion): fc.Arbitrary<{ ra: number; dec: number }> {
  const anchors =
    target.kind === 'box'
      ? [
          [target.lonMin, target.latMin],
          [target.lonMin, target.latMax],
          [target.lonMax, target.latMin],
          [target.lonMax, target.latMax],
        ]
      : target.kind === 'cone'
        ? [[target.lon, target.lat]]
        : [[0, 0]];
  const near = fc
    .tuple(
      fc.constantFrom(...anchors),
      fc.double({ min: -5, max: 5, noNaN: true }),
      fc.double({ min: -5, max: 5, noNaN: true }),
    )
    .map(([[lon = 0, lat = 0], dLon, dLat]) => ({
      lon: mod360(lon + dLon),
      lat: Math.max(-90, Math.min(90, lat + dLat)),
    }));
  const anywhere = fc.record({ lon: longitude, lat: latitude });
  return fc.oneof(anywhere, near).map(({ lon, lat }) => {
    if (target.kind !== 'all-sky' && target.frame === 'galactic') return galacticToIcrs(lon, lat);
    return { ra: mod360(lon), dec: lat };
  });
}

const regionAndPoint = region.chain((target) => fc.tuple(fc.constant(target), pointFor(target)));

describe('sky geometry', () => {
  describe(angularDistance.name, () => {
    it('measures known separations', () => {
      expect(angularDistance(0, 0, 90, 0)).toBeCloseTo(90, 12);
      expect(angularDistance(0, 0, 180, 0)).toBe(180);
      expect(angularDistance(10, 20, 190, -20)).toBeCloseTo(180, 9);
      expect(angularDistance(0, 90, 0, -90)).toBe(180);
      expect(angularDistance(123, 45, 123, 46)).toBeCloseTo(1, 12);
    });

    it('is exact at the poles, whatever their longitude', () => {
      expect(angularDistance(0, 90, 123.4, 90)).toBe(0);
      expect(angularDistance(17, -90, 271, -90)).toBe(0);
      expect(angularDistance(0, 90, 200, 80)).toBeCloseTo(10, 12);
    });

    it('crosses right ascension 0/360', () => {
      expect(angularDistance(359.5, 0, 0.5, 0)).toBeCloseTo(1, 12);
      expect(angularDistance(360, 10, 0, 10)).toBe(0);
      expect(angularDistance(359.9, -30, 0.1, -30)).toBeCloseTo(referenceDistance(359.9, -30, 0.1, -30), 12);
    });

    it('keeps its precision for tiny separations', () => {
      expect(angularDistance(10, 0, 10, 1e-9) / 1e-9).toBeCloseTo(1, 9);
      expect(angularDistance(0, 60, 1e-9, 60) / (1e-9 * Math.cos(60 * RAD))).toBeCloseTo(1, 9);
    });

    it('agrees with the chord formula and is symmetric', () => {
      fc.assert(
        fc.property(longitude, latitude, longitude, latitude, (lon1, lat1, lon2, lat2) => {
          const distance = angularDistance(lon1, lat1, lon2, lat2);
          expect(distance).toBeGreaterThanOrEqual(0);
          expect(distance).toBeLessThanOrEqual(180);
          expect(Math.abs(distance - angularDistance(lon2, lat2, lon1, lat1))).toBeLessThan(1e-12);
          expect(Math.abs(distance - referenceDistance(lon1, lat1, lon2, lat2))).toBeLessThan(1e-9);
        }),
        { numRuns: 1000 },
      );
    });
  });

  describe(icrsToGalactic.name, () => {
    it('puts the Galactic centre at l = 0, b = 0', () => {
      const { l, b } = icrsToGalactic(266.40499, -28.93617);
      expect(Math.min(l, 360 - l)).toBeLessThan(1e-4);
      expect(Math.abs(b)).toBeLessThan(1e-4);
    });

    it('puts the north Galactic pole at b = 90', () => {
      expect(icrsToGalactic(192.85948, 27.12825).b).toBeCloseTo(90, 7);
    });

    it('gives the Galactic longitude of the north celestial pole', () => {
      expect(icrsToGalactic(0, 90).l).toBeCloseTo(122.93192, 7);
    });

    it('places the Crab nebula', () => {
      const { l, b } = icrsToGalactic(83.63308, 22.0145);
      expect(Math.abs(l - 184.5575)).toBeLessThan(1e-3);
      expect(Math.abs(b - -5.7843)).toBeLessThan(1e-3);
    });

    it('is a rotation: invertible, and keeps distances', () => {
      fc.assert(
        fc.property(longitude, latitude, longitude, latitude, (ra1, dec1, ra2, dec2) => {
          const first = icrsToGalactic(ra1, dec1);
          const second = icrsToGalactic(ra2, dec2);
          expect(first.l).toBeGreaterThanOrEqual(0);
          expect(first.l).toBeLessThan(360);
          const back = galacticToIcrs(first.l, first.b);
          expect(referenceDistance(back.ra, back.dec, ra1, dec1)).toBeLessThan(1e-9);
          expect(
            Math.abs(
              angularDistance(first.l, first.b, second.l, second.b) - angularDistance(ra1, dec1, ra2, dec2),
            ),
          ).toBeLessThan(1e-9);
        }),
        { numRuns: 500 },
      );
    });
  });

  describe(distanceToRegion.name, () => {
    const box = (lonMin: number, lonMax: number, latMin: number, latMax: number): SkyRegion => ({
      kind: 'box',
      frame: 'icrs',
      lonMin,
      lonMax,
      latMin,
      latMax,
    });

    it('is 0 everywhere for all-sky', () => {
      expect(distanceToRegion({ kind: 'all-sky' }, 12, -80)).toBe(0);
    });

    it('measures from a cone edge', () => {
      const cone: SkyRegion = { kind: 'cone', frame: 'icrs', lon: 10, lat: 20, radius: 5 };
      expect(distanceToRegion(cone, 10, 30)).toBeCloseTo(5, 12);
      expect(distanceToRegion(cone, 12, 21)).toBe(0);
      expect(distanceToRegion({ ...cone, radius: 180 }, 190, -20)).toBe(0);
      expect(distanceToRegion({ ...cone, lon: 359.5, lat: 0, radius: 1 }, 1.5, 0)).toBeCloseTo(1, 12);
    });

    it('handles a box that crosses right ascension 0', () => {
      const crossing = box(350, 10, -5, 5);
      expect(distanceToRegion(crossing, 0, 0)).toBe(0);
      expect(distanceToRegion(crossing, 355, 5)).toBe(0);
      expect(distanceToRegion(crossing, 20, 0)).toBeCloseTo(10, 12);
      expect(distanceToRegion(crossing, 340, 0)).toBeCloseTo(10, 12);
      // Far away, the corners are nearer than the middle of the edge.
      expect(distanceToRegion(crossing, 180, 0)).toBeCloseTo(angularDistance(180, 0, 10, 5), 12);
      expect(distanceToRegion(crossing, 180, 0)).toBeLessThan(170);
      expect(distanceToRegion(crossing, 0, 8)).toBeCloseTo(3, 12);
    });

    it('handles a box that reaches a pole', () => {
      const cap = box(0, 10, 80, 90);
      expect(distanceToRegion(cap, 123, 90)).toBe(0);
      expect(distanceToRegion(cap, 200, 85)).toBeCloseTo(5, 12);
      expect(distanceToRegion(cap, 5, 70)).toBeCloseTo(10, 12);
      expect(distanceToRegion(box(0, 10, -90, -80), 77, -90)).toBe(0);
      expect(distanceToRegion(box(0, 10, 0, 80), 123, 90)).toBeCloseTo(10, 12);
    });

    it('finds the nearest corner over the pole for a point on the far side', () => {
      // The foot on the meridians' great circle is at latitude ~170 (across the north pole); the nearer
      // end in latitude (-10) is ~175° away, but the far end (-80) is ~110° away, over the south pole.
      const southern = box(0, 10, -80, -10);
      expect(distanceToRegion(southern, 185, 10)).toBeCloseTo(angularDistance(185, 10, 0, -80), 12);
      expect(distanceToRegion(southern, 185, 10)).toBeLessThan(111);
    });

    it('measures from the parallels of a full band', () => {
      const band = box(0, 360, 10, 20);
      expect(distanceToRegion(band, 123, 0)).toBeCloseTo(10, 12);
      expect(distanceToRegion(band, 0, 15)).toBe(0);
      expect(distanceToRegion(band, 300, 90)).toBeCloseTo(70, 12);
    });

    it('handles degenerate boxes: a meridian arc, a parallel arc, a point', () => {
      expect(distanceToRegion(box(30, 30, -10, 10), 31, 0)).toBeCloseTo(1, 12);
      expect(distanceToRegion(box(30, 30, -10, 10), 30, 5)).toBe(0);
      expect(distanceToRegion(box(20, 40, 0, 0), 30, 2)).toBeCloseTo(2, 12);
      expect(distanceToRegion(box(20, 40, 0, 0), 30, 0)).toBe(0);
      expect(distanceToRegion(box(30, 30, 10, 10), 30, 13)).toBeCloseTo(3, 12);
      expect(distanceToRegion(box(0, 360, 10, 10), 0, 0)).toBeCloseTo(10, 12);
      expect(distanceToRegion(box(10, 360, -1, 1), 0, 0)).toBe(0);
    });

    it('converts into a Galactic region frame (the H.E.S.S. Galactic plane survey)', () => {
      const survey: SkyRegion = {
        kind: 'box',
        frame: 'galactic',
        lonMin: 250,
        lonMax: 65,
        latMin: -3,
        latMax: 3,
      };
      expect(distanceToRegion(survey, 266.40499, -28.93617)).toBe(0);
      const above = galacticToIcrs(0, 10);
      expect(distanceToRegion(survey, above.ra, above.dec)).toBeCloseTo(7, 9);
      const crab = icrsToGalactic(83.63308, 22.0145);
      expect(distanceToRegion(survey, 83.63308, 22.0145)).toBeCloseTo(
        Math.min(angularDistance(crab.l, crab.b, 250, -3), angularDistance(crab.l, crab.b, 65, -3)),
        9,
      );
    });

    it('equals the brute-force distance within the sampling step', () => {
      fc.assert(
        fc.property(regionAndPoint, ([target, { ra, dec }]) => {
          const distance = distanceToRegion(target, ra, dec);
          const reference = bruteForceDistance(target, ra, dec);
          if (reference.inside) {
            expect(distance).toBeLessThan(1e-9);
          } else {
            // Never farther than a point of the region; never nearer than half a step below the samples.
            expect(distance).toBeLessThanOrEqual(reference.distance + 1e-9);
            expect(reference.distance).toBeLessThanOrEqual(distance + SAMPLE_STEP / 2 + 1e-9);
          }
        }),
        { numRuns: 1500 },
      );
    });
  });

  describe(coneIntersectsRegion.name, () => {
    const survey: SkyRegion = {
      kind: 'box',
      frame: 'galactic',
      lonMin: 250,
      lonMax: 65,
      latMin: -3,
      latMax: 3,
    };

    it('counts a cone that just touches the region', () => {
      const edge = galacticToIcrs(0, 3);
      expect(coneIntersectsRegion(survey, { ...edge, radius: 0 })).toBe(true);
      const off = galacticToIcrs(0, 4);
      expect(coneIntersectsRegion(survey, { ...off, radius: 0.999999 })).toBe(false);
      expect(coneIntersectsRegion(survey, { ...off, radius: 1.000001 })).toBe(true);
    });

    it('agrees with brute force outside a band of half a sampling step', () => {
      const cone = fc.record({
        ra: fc.double({ min: 0, max: 360, maxExcluded: true, noNaN: true }),
        dec: latitude,
        radius: fc.oneof(fc.double({ min: 0, max: 180, noNaN: true }), fc.constantFrom(0, 180)),
      });
      fc.assert(
        fc.property(region, cone, (target, search) => {
          const reference = bruteForceDistance(target, search.ra, search.dec).distance;
          const intersects = coneIntersectsRegion(target, search);
          if (reference <= search.radius) expect(intersects).toBe(true);
          if (reference > search.radius + SAMPLE_STEP / 2 + 1e-9) expect(intersects).toBe(false);
        }),
        { numRuns: 500 },
      );
    });
  });

  describe(skyRegionViolations.name, () => {
    it('accepts valid regions', () => {
      expect(skyRegionViolations({ kind: 'all-sky' }, '/coverage/0')).toEqual([]);
      expect(
        skyRegionViolations({ kind: 'cone', frame: 'icrs', lon: 360, lat: -90, radius: 180 }, '/coverage/0'),
      ).toEqual([]);
      expect(
        skyRegionViolations(
          { kind: 'box', frame: 'galactic', lonMin: 250, lonMax: 65, latMin: -3, latMax: 3 },
          '/coverage/1',
        ),
      ).toEqual([]);
    });

    it('reports each bad field at its path', () => {
      expect(skyRegionViolations(null, '/coverage/0')).toEqual([
        { path: '/coverage/0', message: expect.stringContaining('sky region') },
      ]);
      expect(skyRegionViolations({ kind: 'polygon' }, '/c')).toEqual([
        { path: '/c/kind', message: expect.any(String) },
      ]);
      const cone = skyRegionViolations({ kind: 'cone', frame: 'fk4', lon: -1, lat: 91, radius: 0 }, '/c');
      expect(cone.map((violation) => violation.path)).toEqual(['/c/frame', '/c/lon', '/c/lat', '/c/radius']);
      expect(cone[3]?.message).toBe('the radius must be in (0, 180] degrees, got 0');
      const box = skyRegionViolations(
        { kind: 'box', frame: 'icrs', lonMin: Number.NaN, lonMax: '10', latMin: 5, latMax: -5 },
        '/c',
      );
      expect(box.map((violation) => violation.path)).toEqual(['/c/lonMin', '/c/lonMax', '/c/latMin']);
      expect(box[2]?.message).toBe('latMin must not be greater than latMax');
    });
  });

  describe(skyConeViolations.name, () => {
    it('accepts a point (radius 0) and the whole sky (radius 180)', () => {
      expect(skyConeViolations(0, -90, 0)).toEqual([]);
      expect(skyConeViolations(359.99, 90, 180)).toEqual([]);
    });

    it('reports out-of-range and non-finite inputs under the names the caller gives', () => {
      expect(skyConeViolations(360, 0, 1)).toEqual([
        { path: 'ra', message: expect.stringContaining('[0, 360)') },
      ]);
      expect(
        skyConeViolations(Number.NaN, -91, 181, { ra: 'RA', dec: 'DEC', radius: 'SR' }).map(
          (violation) => violation.path,
        ),
      ).toEqual(['RA', 'DEC', 'SR']);
      expect(skyConeViolations(10, 10, Number.POSITIVE_INFINITY)).toHaveLength(1);
    });
  });
});
