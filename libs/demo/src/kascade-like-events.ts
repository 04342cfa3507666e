// KASCADE event data cannot be redistributed, so the demo catalogue ships a generated sample whose
// quantities, units and distributions resemble what the KASCADE Cosmic-ray Data Centre (KCDC) publishes.
// Nothing here is fitted to real KASCADE data: the parameters are round, textbook-level values.

/** Name of one quantity of a KASCADE-like event: the CSV header and the {@link KascadeLikeEvent} key. */
export type KascadeLikeColumnName =
  'Gt' | 'Mt' | 'lgE' | 'Xc' | 'Yc' | 'Ze' | 'Az' | 'lgNe' | 'lgNmu' | 'Age' | 'T' | 'P';

/** One column of the KASCADE-like event table. */
export interface KascadeLikeColumn {
  /** KCDC's quantity name (energy is `lgE` here, KCDC calls it `E`, to match `lgNe` and `lgNmu`). */
  readonly name: KascadeLikeColumnName;
  /** IVOA VOUnit string; the empty string marks a dimensionless quantity. */
  readonly unit: string;
  readonly description: string;
  /** IVOA UCD1+, where one fits the quantity. */
  readonly ucd?: string;
  /** Decimal places written to the CSV (0 for integers). */
  readonly decimals: number;
}

/** The columns of a KASCADE-like event table, in CSV order. */
export const KASCADE_LIKE_COLUMNS: readonly KascadeLikeColumn[] = [
  {
    name: 'Gt',
    unit: 's',
    ucd: 'time.epoch',
    decimals: 0,
    description: 'Event time: whole seconds since 1970-01-01T00:00:00Z (Unix time, UTC).',
  },
  {
    name: 'Mt',
    unit: 'us',
    decimals: 0,
    description: 'Microseconds of the event time after the second Gt (0 to 999999).',
  },
  {
    name: 'lgE',
    unit: 'log(GeV)',
    ucd: 'phys.energy',
    decimals: 3,
    description: 'Reconstructed primary energy as lg(E/GeV), the decimal logarithm of the energy in GeV.',
  },
  {
    name: 'Xc',
    unit: 'm',
    ucd: 'pos.cartesian.x',
    decimals: 2,
    description: 'Shower core position, x coordinate in the array frame (array centre at 0).',
  },
  {
    name: 'Yc',
    unit: 'm',
    ucd: 'pos.cartesian.y',
    decimals: 2,
    description: 'Shower core position, y coordinate in the array frame (array centre at 0).',
  },
  {
    name: 'Ze',
    unit: 'deg',
    ucd: 'pos.az.zd',
    decimals: 2,
    description: 'Zenith angle of the shower axis.',
  },
  {
    name: 'Az',
    unit: 'deg',
    ucd: 'pos.az.azi',
    decimals: 2,
    description: 'Azimuth angle of the shower axis, from 0 to 360.',
  },
  {
    name: 'lgNe',
    unit: '',
    decimals: 3,
    description: 'Decimal logarithm of the number of electrons in the shower at observation level.',
  },
  {
    name: 'lgNmu',
    unit: '',
    decimals: 3,
    description: 'Decimal logarithm of the number of muons in the shower at observation level.',
  },
  {
    name: 'Age',
    unit: '',
    decimals: 3,
    description: 'Shower age s of the NKG function fitted to the lateral electron distribution.',
  },
  {
    name: 'T',
    unit: 'K',
    ucd: 'phys.temperature',
    decimals: 2,
    description:
      'Air temperature at the array (KCDC gives degrees Celsius; kelvin here because VOUnit has no Celsius).',
  },
  {
    name: 'P',
    unit: 'hPa',
    ucd: 'phys.pressure',
    decimals: 1,
    description: 'Air pressure at the array.',
  },
];

/** One generated air shower: the value of every column of {@link KASCADE_LIKE_COLUMNS}, in its unit. */
export type KascadeLikeEvent = Readonly<Record<KascadeLikeColumnName, number>>;

/** What to generate. The same options always give the same events. */
export interface KascadeLikeEventsOptions {
  /** Number of events, a non-negative integer. */
  readonly count: number;
  /** Seed of the pseudo-random generator, an integer taken modulo 2^32. */
  readonly seed: number;
  /** Events follow this instant; default {@link KASCADE_LIKE_MODEL}.defaultStartTime. */
  readonly startTime?: Date;
}

/**
 * The parameters of the generator, for readers of generated data (README, tests).
 *
 * Energies are lg(E/GeV): the sample covers 10^14.5 to 10^18 eV, i.e. lgE 5.5 to 9.
 */
export const KASCADE_LIKE_MODEL = Object.freeze({
  /** Changes whenever the same options would give different events. */
  generatorVersion: '1.0.0',
  minLgE: 5.5,
  /** The knee, about 4 PeV. */
  kneeLgE: 6.6,
  maxLgE: 9,
  /** dN/dE ∝ E^-index below the knee. */
  spectralIndexBelowKnee: 2.7,
  spectralIndexAboveKnee: 3.1,
  maxZenithDeg: 40,
  /** Cores fall uniformly in a square of this half-width around the array centre. */
  arrayHalfWidthM: 100,
  /**
   * Mean time between events. The full array saw a shower above 10^14.5 eV about every 1.5 min; the
   * sample keeps a prescaled subset so that a few thousand events span the seasons.
   */
  meanEventIntervalS: 3600,
  /** ISO 8601 instant that events follow when no `startTime` is given. */
  defaultStartTime: '1998-01-01T00:00:00Z',
});

/** Vertical atmospheric depth at Karlsruhe, 110 m above sea level. */
const VERTICAL_DEPTH_G_CM2 = 1022;
/**
 * Attenuation length of the shower rate with slant depth. An effective value, chosen so that the
 * zenith distribution peaks a little above 20°, as measured ones do.
 */
const RATE_ATTENUATION_LENGTH_G_CM2 = 200;
/** Attenuation of the electron number beyond shower maximum. */
const ELECTRON_ATTENUATION_LENGTH_G_CM2 = 175;
/** Muons are barely absorbed, so their number falls slowly with slant depth. */
const MUON_ATTENUATION_LENGTH_G_CM2 = 1100;
const LN_IRON_MASS = Math.log(56);
const MICROSECONDS_PER_SECOND = 1_000_000;
const SECONDS_PER_DAY = 86_400;
const DAYS_PER_YEAR = 365.2425;
/** 2000-01-01 in days since 1970-01-01, a start of year to count the seasons from. */
const YEAR_2000_UNIX_DAYS = 10_957;
const ZERO_CELSIUS_K = 273.15;

/**
 * Unnormalised probability density of the zenith angle (per degree), the one the generator samples.
 *
 * A flat array sees an isotropic flux through its projected area (sinθ·cosθ per unit θ); showers
 * crossing more atmosphere are attenuated, exp(-X0·(secθ - 1)/Λ). Zero outside 0°..maxZenithDeg.
 */
export function kascadeLikeZenithDensity(zenithDeg: number): number {
  if (zenithDeg < 0 || zenithDeg > KASCADE_LIKE_MODEL.maxZenithDeg) {
    return 0;
  }
  const zenith = degreesToRadians(zenithDeg);
  const cosZenith = Math.cos(zenith);
  return Math.sin(zenith) * cosZenith * rateAttenuation(cosZenith);
}

/**
 * Generates KASCADE-like air-shower events in time order, lazily, from a seeded pseudo-random generator:
 * the same options give exactly the same events, on every platform.
 *
 * Energies follow a broken power law (index 2.7, 3.1 above the knee), zenith angles
 * {@link kascadeLikeZenithDensity}, azimuths and core positions are uniform, electron and muon numbers
 * grow with energy and fall with slant depth (electrons more, and more for heavy primaries), the age grows
 * with zenith angle, and air temperature and pressure vary with the season, the time of day and the weather.
 *
 * @throws RangeError if `count` is not a non-negative integer, `seed` not an integer or `startTime` invalid.
 */
export function generateKascadeLikeEvents(
  options: KascadeLikeEventsOptions,
): Generator<KascadeLikeEvent, void, undefined> {
  const { count, seed } = options;
  const startTime = options.startTime ?? new Date(KASCADE_LIKE_MODEL.defaultStartTime);
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new RangeError(`count must be a non-negative integer, got ${count}`);
  }
  if (!Number.isSafeInteger(seed)) {
    throw new RangeError(`seed must be an integer, got ${seed}`);
  }
  if (Number.isNaN(startTime.getTime())) {
    throw new RangeError('startTime is not a valid date');
  }
  return sampleEvents(new SeededRandom(seed), count, startTime.getTime() * 1000);
}

/**
 * The events of {@link generateKascadeLikeEvents} as CSV: a header line of the column names, then one
 * line per event with the decimal places of {@link KASCADE_LIKE_COLUMNS}. Each string is one line ending
 * in `\n`, so the output can be streamed to a file without holding it in memory.
 *
 * @throws RangeError for the options {@link generateKascadeLikeEvents} rejects.
 */
export function kascadeLikeEventsCsv(options: KascadeLikeEventsOptions): Generator<string, void, undefined> {
  return csvLines(generateKascadeLikeEvents(options));
}

function* csvLines(events: Iterable<KascadeLikeEvent>): Generator<string, void, undefined> {
  yield `${KASCADE_LIKE_COLUMNS.map((column) => column.name).join(',')}\n`;
  for (const event of events) {
    yield `${KASCADE_LIKE_COLUMNS.map((column) => formatFixed(event[column.name], column.decimals)).join(',')}\n`;
  }
}

function* sampleEvents(
  random: SeededRandom,
  count: number,
  startMicros: number,
): Generator<KascadeLikeEvent, void, undefined> {
  const weather = new Weather(random);
  let timeMicros = startMicros;
  for (let index = 0; index < count; index++) {
    // At least 1 µs so that times are strictly increasing however short the drawn gap.
    const gapMicros = 1 + Math.floor(random.exponential() * KASCADE_LIKE_MODEL.meanEventIntervalS * 1e6);
    timeMicros += gapMicros;
    const unixSeconds = timeMicros / MICROSECONDS_PER_SECOND;
    weather.advance(gapMicros / MICROSECONDS_PER_SECOND);

    const lgE = sampleLgE(random.uniform());
    const cosZenith = sampleCosZenith(random);
    const zenithDeg = radiansToDegrees(Math.acos(cosZenith));
    const azimuthDeg = 360 * random.uniform();
    const halfWidth = KASCADE_LIKE_MODEL.arrayHalfWidthM;
    const coreX = halfWidth * (2 * random.uniform() - 1);
    const coreY = halfWidth * (2 * random.uniform() - 1);
    // The primary's mass drives the spread of Ne against Nmu at fixed energy: ln A from hydrogen to iron.
    const lnMass = LN_IRON_MASS * random.uniform();
    const extraDepth = VERTICAL_DEPTH_G_CM2 * (1 / cosZenith - 1);

    // Sizes grow faster (electrons) and slower (muons) than the energy because shower maximum moves
    // closer to the ground as the energy rises; heavy primaries give fewer electrons and more muons.
    const lgNe =
      4.9 +
      1.15 * (lgE - 6) -
      0.09 * lnMass -
      (Math.LOG10E * extraDepth) / ELECTRON_ATTENUATION_LENGTH_G_CM2 +
      0.12 * random.gaussian();
    const lgNmu =
      3.85 +
      0.9 * (lgE - 6) +
      0.037 * lnMass -
      (Math.LOG10E * extraDepth) / MUON_ATTENUATION_LENGTH_G_CM2 +
      0.1 * random.gaussian();
    const age = clamp(
      1.15 + 1.1 * (1 / cosZenith - 1) - 0.04 * (lgE - 6) + 0.03 * lnMass + 0.06 * random.gaussian(),
      0.2,
      2,
    );

    yield {
      Gt: Math.floor(timeMicros / MICROSECONDS_PER_SECOND),
      Mt: ((timeMicros % MICROSECONDS_PER_SECOND) + MICROSECONDS_PER_SECOND) % MICROSECONDS_PER_SECOND,
      lgE,
      Xc: coreX,
      Yc: coreY,
      Ze: zenithDeg,
      Az: azimuthDeg,
      lgNe,
      lgNmu,
      Age: age,
      T: weather.temperatureK(unixSeconds),
      P: weather.pressureHPa(),
    };
  }
}

const ENERGY_SPECTRUM = brokenPowerLaw();

/** Inverse of the cumulative distribution of the broken power law, in lg(E/GeV). */
function sampleLgE(probability: number): number {
  const { kneeRatio, maxRatio, weightBelowKnee, weightAboveKnee } = ENERGY_SPECTRUM;
  const target = probability * (weightBelowKnee + weightAboveKnee);
  const ratio =
    target < weightBelowKnee
      ? powerLawQuantile(target / weightBelowKnee, 1, kneeRatio, KASCADE_LIKE_MODEL.spectralIndexBelowKnee)
      : powerLawQuantile(
          (target - weightBelowKnee) / weightAboveKnee,
          kneeRatio,
          maxRatio,
          KASCADE_LIKE_MODEL.spectralIndexAboveKnee,
        );
  return KASCADE_LIKE_MODEL.minLgE + Math.log10(ratio);
}

/** Energies are handled as ratios E/Emin; the two parts of the spectrum join continuously at the knee. */
function brokenPowerLaw(): {
  kneeRatio: number;
  maxRatio: number;
  weightBelowKnee: number;
  weightAboveKnee: number;
} {
  const { minLgE, kneeLgE, maxLgE, spectralIndexBelowKnee, spectralIndexAboveKnee } = KASCADE_LIKE_MODEL;
  const kneeRatio = 10 ** (kneeLgE - minLgE);
  const maxRatio = 10 ** (maxLgE - minLgE);
  const weightBelowKnee = powerLawIntegral(1, kneeRatio, spectralIndexBelowKnee);
  const weightAboveKnee =
    kneeRatio ** (spectralIndexAboveKnee - spectralIndexBelowKnee) *
    powerLawIntegral(kneeRatio, maxRatio, spectralIndexAboveKnee);
  return { kneeRatio, maxRatio, weightBelowKnee, weightAboveKnee };
}

function powerLawIntegral(low: number, high: number, index: number): number {
  return (low ** (1 - index) - high ** (1 - index)) / (index - 1);
}

function powerLawQuantile(probability: number, low: number, high: number, index: number): number {
  const lowTerm = low ** (1 - index);
  const highTerm = high ** (1 - index);
  return (lowTerm + probability * (highTerm - lowTerm)) ** (1 / (1 - index));
}

/**
 * Samples {@link kascadeLikeZenithDensity}: cos²θ uniform gives the sinθ·cosθ acceptance exactly, and
 * rejection applies the attenuation (at most 1, so it is a valid acceptance probability).
 */
function sampleCosZenith(random: SeededRandom): number {
  const minCosSquared = Math.cos(degreesToRadians(KASCADE_LIKE_MODEL.maxZenithDeg)) ** 2;
  for (;;) {
    const cosZenith = Math.sqrt(minCosSquared + (1 - minCosSquared) * random.uniform());
    if (random.uniform() < rateAttenuation(cosZenith)) {
      return cosZenith;
    }
  }
}

function rateAttenuation(cosZenith: number): number {
  return Math.exp((-VERTICAL_DEPTH_G_CM2 * (1 / cosZenith - 1)) / RATE_ATTENUATION_LENGTH_G_CM2);
}

/**
 * Karlsruhe-like air temperature and pressure: a seasonal and a daily cycle plus weather, modelled as
 * Ornstein–Uhlenbeck processes (random anomalies that decay back to the mean over a few days).
 */
class Weather {
  private static readonly MEAN_TEMPERATURE_C = 10.8;
  /** Coldest around 15 January. */
  private static readonly SEASONAL_AMPLITUDE_K = 9;
  private static readonly COLDEST_DAY_OF_YEAR = 15;
  /** Warmest around 13:30 UTC, mid-afternoon local solar time at 8.4° E. */
  private static readonly DAILY_AMPLITUDE_K = 3.5;
  private static readonly WARMEST_HOUR_UTC = 13.5;
  private static readonly TEMPERATURE_ANOMALY_SIGMA_K = 3;
  private static readonly TEMPERATURE_ANOMALY_TIME_S = 3 * SECONDS_PER_DAY;
  /** Sea-level pressure reduced to 110 m altitude. */
  private static readonly MEAN_PRESSURE_HPA = 1003;
  private static readonly PRESSURE_ANOMALY_SIGMA_HPA = 7.5;
  private static readonly PRESSURE_ANOMALY_TIME_S = 2.5 * SECONDS_PER_DAY;

  private temperatureAnomalyK: number;
  private pressureAnomalyHPa: number;

  constructor(private readonly random: SeededRandom) {
    this.temperatureAnomalyK = Weather.TEMPERATURE_ANOMALY_SIGMA_K * random.gaussian();
    this.pressureAnomalyHPa = Weather.PRESSURE_ANOMALY_SIGMA_HPA * random.gaussian();
  }

  advance(elapsedS: number): void {
    this.temperatureAnomalyK = this.relax(
      this.temperatureAnomalyK,
      elapsedS,
      Weather.TEMPERATURE_ANOMALY_TIME_S,
      Weather.TEMPERATURE_ANOMALY_SIGMA_K,
    );
    this.pressureAnomalyHPa = this.relax(
      this.pressureAnomalyHPa,
      elapsedS,
      Weather.PRESSURE_ANOMALY_TIME_S,
      Weather.PRESSURE_ANOMALY_SIGMA_HPA,
    );
  }

  temperatureK(unixSeconds: number): number {
    const unixDays = unixSeconds / SECONDS_PER_DAY;
    const dayOfYear = positiveModulo(unixDays - YEAR_2000_UNIX_DAYS, DAYS_PER_YEAR);
    const hourUtc = 24 * positiveModulo(unixDays, 1);
    return (
      ZERO_CELSIUS_K +
      Weather.MEAN_TEMPERATURE_C -
      Weather.SEASONAL_AMPLITUDE_K *
        Math.cos((2 * Math.PI * (dayOfYear - Weather.COLDEST_DAY_OF_YEAR)) / DAYS_PER_YEAR) +
      Weather.DAILY_AMPLITUDE_K * Math.cos((2 * Math.PI * (hourUtc - Weather.WARMEST_HOUR_UTC)) / 24) +
      this.temperatureAnomalyK
    );
  }

  pressureHPa(): number {
    return Weather.MEAN_PRESSURE_HPA + this.pressureAnomalyHPa;
  }

  /** Exact Ornstein–Uhlenbeck step, so the stationary spread stays `sigma` for any gap. */
  private relax(anomaly: number, elapsedS: number, relaxationS: number, sigma: number): number {
    const decay = Math.exp(-elapsedS / relaxationS);
    return anomaly * decay + sigma * Math.sqrt(1 - decay * decay) * this.random.gaussian();
  }
}

/**
 * mulberry32: small, fast and fully specified by integer arithmetic, so results do not depend on the
 * platform. Its 2^32 period is far beyond what a demo sample draws.
 */
class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let mixed = this.state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** Exponential with mean 1. */
  exponential(): number {
    return -Math.log(1 - this.uniform());
  }

  /** Standard normal (Box–Muller; one value per call keeps the draw sequence simple). */
  gaussian(): number {
    const radius = Math.sqrt(-2 * Math.log(1 - this.uniform()));
    return radius * Math.cos(2 * Math.PI * this.uniform());
  }
}

function formatFixed(value: number, decimals: number): string {
  const text = value.toFixed(decimals);
  // toFixed keeps the sign of values that round to zero ("-0.00"), which reads as a different value.
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

function positiveModulo(value: number, modulus: number): number {
  return ((value % modulus) + modulus) % modulus;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

function degreesToRadians(degrees: number): number {
  return (degrees * Math.PI) / 180;
}

function radiansToDegrees(radians: number): number {
  return (radians * 180) / Math.PI;
}
