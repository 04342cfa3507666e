/**
 * The subset of IVOA VOUnit (https://www.ivoa.net/documents/VOUnits/) that dataset schemas may use:
 * terms joined by `.` (multiply) or `/` (divide), each an optional SI prefix, a known unit and an optional
 * power `**n`, `**-n` or `**(n/m)`, e.g. `GeV`, `m**2`, `km/s`, `yr**-1`, `GeV.m**-2.s**-1.sr**-1`.
 * Anything outside the subset is refused, so that a later unit conversion never meets a surprise.
 */
export const VO_UNIT_PREFIXES = [
  'da',
  'y',
  'z',
  'a',
  'f',
  'p',
  'n',
  'u',
  'm',
  'c',
  'd',
  'h',
  'k',
  'M',
  'G',
  'T',
  'P',
  'E',
  'Z',
  'Y',
] as const;

/** Known units, and whether they take an SI prefix. */
export const VO_UNITS: Readonly<Record<string, boolean>> = {
  eV: true,
  m: true,
  g: true,
  s: true,
  K: true,
  Pa: true,
  bar: true,
  J: true,
  W: true,
  Hz: true,
  rad: true,
  sr: true,
  yr: true,
  arcsec: true,
  deg: false,
  arcmin: false,
  min: false,
  h: false,
  d: false,
  erg: false,
};

const TERM = /^([A-Za-z]+)(?:\*\*(-?\d+|\(-?\d+(?:\/\d+)?\)))?$/;

function knownSymbol(symbol: string): boolean {
  if (Object.hasOwn(VO_UNITS, symbol)) return true;
  return VO_UNIT_PREFIXES.some((prefix) => {
    if (!symbol.startsWith(prefix)) return false;
    const unit = symbol.slice(prefix.length);
    return Object.hasOwn(VO_UNITS, unit) && VO_UNITS[unit] === true;
  });
}

/** Why `unit` is outside the supported VOUnit subset, or undefined when it is inside. */
export function voUnitProblem(unit: string): string | undefined {
  if (unit.trim() === '') return 'must not be empty; use null for a dimensionless quantity';
  for (const term of unit.split(/[./]/)) {
    const match = TERM.exec(term);
    if (match === null) {
      return `"${unit}" is not a VOUnit of the supported subset (terms such as GeV, m**2, yr**-1 joined by . or /)`;
    }
    const symbol = match[1] ?? '';
    if (!knownSymbol(symbol)) {
      return `"${unit}": unknown unit "${symbol}" (known: ${Object.keys(VO_UNITS).join(', ')}, with SI prefixes where they apply)`;
    }
  }
  return undefined;
}
