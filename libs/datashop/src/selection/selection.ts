/** A cut keeping events whose observable lies in a range; a bound left out is open. */
export interface RangeCut {
  readonly observable: string;
  readonly min?: number;
  readonly max?: number;
  /** Whether `min` itself is excluded (default: included). */
  readonly minExclusive?: boolean;
  /** Whether `max` itself is excluded (default: included). */
  readonly maxExclusive?: boolean;
}

/** A cut keeping events whose observable equals one of the listed values. */
export interface InCut {
  readonly observable: string;
  readonly in: readonly (number | string | boolean)[];
}

export type Cut = RangeCut | InCut;

/** An event-time range in ISO 8601 (a date, or a date and time with `Z` or an offset); `from` < `to`. */
export interface TimeRange {
  readonly from?: string;
  readonly to?: string;
}

/** A search cone in ICRS, in degrees. */
export interface SelectionCone {
  readonly ra: number;
  readonly dec: number;
  readonly radius: number;
}

/**
 * What a data-shop user asks for: events of one or more releases (combined, so every observable used
 * must exist in each of them), every cut applied (they are AND-ed), optionally within a time range and a
 * cone, with only some columns.
 */
export interface Selection {
  readonly releases: readonly string[];
  readonly cuts: readonly Cut[];
  readonly time?: TimeRange;
  readonly cone?: SelectionCone;
  /** The observables to export; all when left out. */
  readonly columns?: readonly string[];
}

export function isInCut(cut: Cut): cut is InCut {
  return 'in' in cut;
}
