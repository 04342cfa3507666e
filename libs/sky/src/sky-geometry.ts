import type { Violation } from '@apdc/platform';
import type { SkyCone, SkyFrame, SkyRegion } from './sky-region.js';

// The SQL functions of migrations/1732700000000-sky-geometry.ts mirror this code step for step, and
// sky-geometry.medium-spec.ts holds the two to the same answers: a change here needs a new migration there.

const RADIANS_PER_DEGREE = Math.PI / 180;

type Vector3 = readonly [number, number, number];
type Matrix3 = readonly [Vector3, Vector3, Vector3];

/**
 * ICRS → Galactic rotation (rows: Galactic x towards the centre, y towards l = 90°, z the north pole, in
 * ICRS). Computed from the IAU 1958 definition as the Hipparcos catalogue does (ESA SP-1200 vol. 1,
 * eq. 1.5.11, which prints it to 10 digits): north Galactic pole at α 192.85948°, δ 27.12825°, Galactic
 * longitude of the north celestial pole 122.93192°.
 */
const ICRS_TO_GALACTIC: Matrix3 = [
  [-0.054875560416215365, -0.873437090234885, -0.4838350155487132],
  [0.49410942787558365, -0.4448296299600112, 0.7469822444972188],
  [-0.8676661490190047, -0.19807637343120152, 0.4559837761750669],
];

/** Galactic → ICRS: the inverse of a rotation is its transpose. */
const GALACTIC_TO_ICRS: Matrix3 = [
  [ICRS_TO_GALACTIC[0][0], ICRS_TO_GALACTIC[1][0], ICRS_TO_GALACTIC[2][0]],
  [ICRS_TO_GALACTIC[0][1], ICRS_TO_GALACTIC[1][1], ICRS_TO_GALACTIC[2][1]],
  [ICRS_TO_GALACTIC[0][2], ICRS_TO_GALACTIC[1][2], ICRS_TO_GALACTIC[2][2]],
];

/** Widening of the intersection test, so that a cone exactly touching a region counts despite rounding. */
const TOUCH_TOLERANCE = 1e-9;

// Sine and cosine of degrees, exact at multiples of 90° (like PostgreSQL's sind/cosd): a point at a pole
// then is exactly (0, 0, ±1) and every longitude of it is the same point.
function sinDeg(degrees: number): number {
  const reduced = normalizeLongitude(degrees);
  if (reduced === 0 || reduced === 180) return 0;
  if (reduced === 90) return 1;
  if (reduced === 270) return -1;
  return Math.sin(reduced * RADIANS_PER_DEGREE);
}

function cosDeg(degrees: number): number {
  const reduced = normalizeLongitude(degrees);
  if (reduced === 90 || reduced === 270) return 0;
  if (reduced === 0) return 1;
  if (reduced === 180) return -1;
  return Math.cos(reduced * RADIANS_PER_DEGREE);
}

// Scaled from 45° as PostgreSQL's atan2d does, so that exact angles (90° at a pole) come out exact here too.
function atan2Deg(y: number, x: number): number {
  return (Math.atan2(y, x) / (Math.PI / 4)) * 45;
}

/** Longitude in [0, 360). Written with floor rather than % so that the SQL port computes the same value. */
function normalizeLongitude(lon: number): number {
  const reduced = lon - 360 * Math.floor(lon / 360);
  return reduced >= 360 ? 0 : reduced;
}

/**
 * Great-circle distance between two points, in degrees. Vincenty's atan2 form: accurate for tiny,
 * right-angle and antipodal separations alike (unlike the arccosine of a dot product), at the poles and
 * across longitude 0/360.
 */
export function angularDistance(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const sinLat1 = sinDeg(lat1);
  const cosLat1 = cosDeg(lat1);
  const sinLat2 = sinDeg(lat2);
  const cosLat2 = cosDeg(lat2);
  const sinDeltaLon = sinDeg(lon2 - lon1);
  const cosDeltaLon = cosDeg(lon2 - lon1);
  const across = cosLat2 * sinDeltaLon;
  const along = cosLat1 * sinLat2 - sinLat1 * cosLat2 * cosDeltaLon;
  return atan2Deg(
    Math.sqrt(across * across + along * along),
    sinLat1 * sinLat2 + cosLat1 * cosLat2 * cosDeltaLon,
  );
}

const dot = (a: Vector3, b: Vector3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

/** Longitude and latitude of a direction after a rotation of the sphere. */
function rotate(matrix: Matrix3, lon: number, lat: number): { lon: number; lat: number } {
  const direction: Vector3 = [cosDeg(lat) * cosDeg(lon), cosDeg(lat) * sinDeg(lon), sinDeg(lat)];
  const [x, y, z] = [dot(matrix[0], direction), dot(matrix[1], direction), dot(matrix[2], direction)];
  return { lon: normalizeLongitude(atan2Deg(y, x)), lat: atan2Deg(z, Math.sqrt(x * x + y * y)) };
}

/** Galactic longitude l in [0, 360) and latitude b of an ICRS position (IAU 1958 Galactic frame), in degrees. */
export function icrsToGalactic(ra: number, dec: number): { l: number; b: number } {
  const { lon, lat } = rotate(ICRS_TO_GALACTIC, ra, dec);
  return { l: lon, b: lat };
}

/** ICRS right ascension in [0, 360) and declination of a Galactic position: the inverse of {@link icrsToGalactic}. */
export function galacticToIcrs(l: number, b: number): { ra: number; dec: number } {
  const { lon, lat } = rotate(GALACTIC_TO_ICRS, l, b);
  return { ra: lon, dec: lat };
}

function toFrame(frame: SkyFrame, ra: number, dec: number): { lon: number; lat: number } {
  switch (frame) {
    case 'icrs':
      return { lon: normalizeLongitude(ra), lat: dec };
    case 'galactic': {
      const { l, b } = icrsToGalactic(ra, dec);
      return { lon: l, lat: b };
    }
  }
}

/**
 * Angular distance in degrees from an ICRS point to the nearest point of a region: 0 inside it (and for
 * all-sky), otherwise the distance to its boundary. Cones: distance to the centre minus the radius. Boxes:
 * the nearest of their two meridian and two parallel edges (see {@link SkyRegion}).
 */
export function distanceToRegion(region: SkyRegion, ra: number, dec: number): number {
  switch (region.kind) {
    case 'all-sky':
      return 0;
    case 'cone': {
      const { lon, lat } = toFrame(region.frame, ra, dec);
      return Math.max(0, angularDistance(region.lon, region.lat, lon, lat) - region.radius);
    }
    case 'box': {
      const { lon, lat } = toFrame(region.frame, ra, dec);
      return distanceToBox(region.lonMin, region.lonMax, region.latMin, region.latMax, lon, lat);
    }
  }
}

function distanceToBox(
  lonMin: number,
  lonMax: number,
  latMin: number,
  latMax: number,
  lon: number,
  lat: number,
): number {
  const fullCircle = lonMax - lonMin >= 360;
  // A pole lies at every longitude: it is in the box whenever the box reaches it.
  const inLonRange = fullCircle || Math.abs(lat) === 90 || inLongitudeRange(lon, lonMin, lonMax);
  if (inLonRange && lat >= latMin && lat <= latMax) return 0;
  // Outside the longitude range the nearest point of a parallel edge is one of its ends, a corner the
  // meridian edges include; inside it, the nearest point of a parallel is straight up or down the meridian.
  let nearest = inLonRange ? Math.min(Math.abs(lat - latMin), Math.abs(lat - latMax)) : Infinity;
  if (!fullCircle) {
    nearest = Math.min(
      nearest,
      distanceToMeridianArc(lonMin, latMin, latMax, lon, lat),
      distanceToMeridianArc(lonMax, latMin, latMax, lon, lat),
    );
  }
  return nearest;
}

/**
 * Whether a longitude in [0, 360) lies in [lonMin, lonMax], read as crossing 0 when lonMin > lonMax. (Longitude
 * 0 in a range ending at 360 counts as outside, harmlessly: it lies on the meridian edge, at distance 0.)
 */
function inLongitudeRange(lon: number, lonMin: number, lonMax: number): boolean {
  return lonMin <= lonMax ? lon >= lonMin && lon <= lonMax : lon >= lonMin || lon <= lonMax;
}

/**
 * Distance from a point to the arc of the meridian `meridianLon` between latitudes latMin and latMax. The
 * point's foot on the meridian's great circle is at latitude atan2(z, x cos L + y sin L), in (-180, 180]
 * (beyond ±90 on the opposite meridian). If it falls on the arc it is the nearest point; otherwise one of
 * the arc's ends is, and not always the one nearer in latitude (the shorter way may pass over a pole), so
 * both are measured.
 */
function distanceToMeridianArc(
  meridianLon: number,
  latMin: number,
  latMax: number,
  lon: number,
  lat: number,
): number {
  const footLat = atan2Deg(sinDeg(lat), cosDeg(lat) * cosDeg(lon - meridianLon));
  if (footLat >= latMin && footLat <= latMax) return angularDistance(lon, lat, meridianLon, footLat);
  return Math.min(
    angularDistance(lon, lat, meridianLon, latMin),
    angularDistance(lon, lat, meridianLon, latMax),
  );
}

/** Whether a search cone (ICRS) and a region share at least one point, touching included. */
export function coneIntersectsRegion(region: SkyRegion, cone: SkyCone): boolean {
  return distanceToRegion(region, cone.ra, cone.dec) <= cone.radius + TOUCH_TOLERANCE;
}

const FRAMES: readonly SkyFrame[] = ['icrs', 'galactic'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An interval of degrees, closed unless said otherwise. */
interface DegreeRange {
  readonly min: number;
  readonly max: number;
  readonly minExclusive?: boolean;
  readonly maxExclusive?: boolean;
}

function numberViolation(
  value: unknown,
  path: string,
  range: DegreeRange,
  what: string,
): Violation | undefined {
  const interval = `${range.minExclusive === true ? '(' : '['}${range.min}, ${range.max}${range.maxExclusive === true ? ')' : ']'}`;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return { path, message: `${what} must be a finite number of degrees in ${interval}` };
  }
  const belowMin = range.minExclusive === true ? value <= range.min : value < range.min;
  const aboveMax = range.maxExclusive === true ? value >= range.max : value > range.max;
  if (belowMin || aboveMax) return { path, message: `${what} must be in ${interval} degrees, got ${value}` };
  return undefined;
}

const LONGITUDE: DegreeRange = { min: 0, max: 360 };
const LATITUDE: DegreeRange = { min: -90, max: 90 };

/**
 * Problems of a value meant as a {@link SkyRegion} (e.g. a release's declared sky coverage), each at
 * `path` + `/<key>` (JSON pointer style); empty when it is a valid region. Longitudes must be in [0, 360],
 * latitudes in [-90, 90] with latMin ≤ latMax, cone radii in (0, 180].
 */
export function skyRegionViolations(region: unknown, path: string): Violation[] {
  if (!isRecord(region)) return [{ path, message: 'must be a sky region object with a "kind"' }];
  const violations: Violation[] = [];
  const check = (key: string, range: DegreeRange, what: string): void => {
    const violation = numberViolation(region[key], `${path}/${key}`, range, what);
    if (violation !== undefined) violations.push(violation);
  };
  const checkFrame = (): void => {
    const frame = region['frame'];
    if (typeof frame !== 'string' || !(FRAMES as readonly string[]).includes(frame)) {
      violations.push({ path: `${path}/frame`, message: `frame must be one of ${FRAMES.join(', ')}` });
    }
  };
  switch (region['kind']) {
    case 'all-sky':
      break;
    case 'cone':
      checkFrame();
      check('lon', LONGITUDE, 'the centre longitude');
      check('lat', LATITUDE, 'the centre latitude');
      check('radius', { min: 0, max: 180, minExclusive: true }, 'the radius');
      break;
    case 'box':
      checkFrame();
      check('lonMin', LONGITUDE, 'lonMin');
      check('lonMax', LONGITUDE, 'lonMax');
      check('latMin', LATITUDE, 'latMin');
      check('latMax', LATITUDE, 'latMax');
      if (
        typeof region['latMin'] === 'number' &&
        typeof region['latMax'] === 'number' &&
        region['latMin'] > region['latMax']
      ) {
        violations.push({ path: `${path}/latMin`, message: 'latMin must not be greater than latMax' });
      }
      break;
    default:
      violations.push({ path: `${path}/kind`, message: 'kind must be one of all-sky, cone, box' });
  }
  return violations;
}

/**
 * Problems of a search cone given as right ascension in [0, 360), declination in [-90, 90] and radius in
 * [0, 180] (0 asks for one point), in ICRS degrees; empty when it is valid. `paths` names the three inputs
 * as the caller's interface spells them (e.g. RA, DEC, SR for a VO cone search).
 */
export function skyConeViolations(
  ra: number,
  dec: number,
  radius: number,
  paths: { readonly ra: string; readonly dec: string; readonly radius: string } = {
    ra: 'ra',
    dec: 'dec',
    radius: 'radius',
  },
): Violation[] {
  return [
    numberViolation(ra, paths.ra, { min: 0, max: 360, maxExclusive: true }, 'the right ascension'),
    numberViolation(dec, paths.dec, LATITUDE, 'the declination'),
    numberViolation(radius, paths.radius, { min: 0, max: 180 }, 'the radius'),
  ].filter((violation) => violation !== undefined);
}
