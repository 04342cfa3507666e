/**
 * ISO 8601 durations as policies write them (`P30D`, `PT10M`, `P1Y6M`, `P2W`), turned into seconds.
 *
 * Years and months have no fixed length in the calendar; a policy's interval or retention minimum does not
 * need one either, so they are given fixed lengths here and the arithmetic stays pure (no time zone, no
 * calendar). A year is the Julian year, 365.25 days (31 557 600 s), the average over the leap-year cycle,
 * so that P30Y is thirty years to within a day whatever the start. A month is a twelfth of that year,
 * 30.4375 days (2 629 800 s), so that P12M equals P1Y. Weeks are 7 days, days 86 400 s (no leap seconds).
 */

export const SECONDS_PER_UNIT = {
  year: 31_557_600,
  month: 2_629_800,
  week: 604_800,
  day: 86_400,
  hour: 3_600,
  minute: 60,
  second: 1,
} as const;

// Whole numbers only: nobody needs P0.5Y in a policy, and fractions would reopen the question of lengths.
const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** The JSON Schema pattern that matches exactly what {@link parseIsoDuration} accepts. */
export const ISO_DURATION_PATTERN =
  '^P(?!$)(?:[0-9]+Y)?(?:[0-9]+M)?(?:[0-9]+W)?(?:[0-9]+D)?(?:T(?=[0-9])(?:[0-9]+H)?(?:[0-9]+M)?(?:[0-9]+S)?)?$';

/**
 * Seconds in an ISO 8601 duration of whole units, `P[nY][nM][nW][nD][T[nH][nM][nS]]` with at least one
 * component (and at least one after a `T`). Lengths of years and months: see the module comment.
 * Throws `RangeError` for anything else, and for totals beyond `Number.MAX_SAFE_INTEGER` seconds.
 */
export function parseIsoDuration(text: string): number {
  const match = DURATION.exec(text);
  const hasComponent = match !== null && match.slice(1).some((part) => part !== undefined);
  if (match === null || !hasComponent || text.endsWith('T')) {
    throw new RangeError(
      `"${text}" is not an ISO 8601 duration of whole units such as P30D, PT10M, P1Y6M or P2W`,
    );
  }
  const [, years, months, weeks, days, hours, minutes, seconds] = match;
  const parts: ReadonlyArray<readonly [string | undefined, number]> = [
    [years, SECONDS_PER_UNIT.year],
    [months, SECONDS_PER_UNIT.month],
    [weeks, SECONDS_PER_UNIT.week],
    [days, SECONDS_PER_UNIT.day],
    [hours, SECONDS_PER_UNIT.hour],
    [minutes, SECONDS_PER_UNIT.minute],
    [seconds, SECONDS_PER_UNIT.second],
  ];
  // BigInt so that a huge component is refused instead of silently rounded.
  let total = 0n;
  for (const [digits, unit] of parts) {
    if (digits !== undefined) total += BigInt(digits) * BigInt(unit);
  }
  if (total > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`"${text}" is too long a duration (more than 2^53 - 1 seconds)`);
  }
  return Number(total);
}
