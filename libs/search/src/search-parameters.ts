import { ELECTRONVOLTS_PER_UNIT, type EnergyUnit, isEnergyUnit } from '@apdc/metadata';
import type { Violation } from '@apdc/platform';
import { skyConeViolations } from '@apdc/sky';
import { SearchQueryError } from './errors.js';
import {
  ACCESS_VALUES,
  type AccessValue,
  SORT_ORDERS,
  type SearchFilters,
  type SortOrder,
} from './ports/search-index.port.js';
import type { QueryNode } from './query/query-ast.js';
import { parseSearchQuery } from './query/query-parser.js';

/** Query parameters of `GET /api/v1/search` as they arrive: repeated ones as arrays. */
export type RawSearchParameters = Readonly<Record<string, string | readonly string[] | undefined>>;

export const SEARCH_PARAMETERS = [
  'q',
  'experiment',
  'messenger',
  'type',
  'license',
  'access',
  'keyword',
  'yearFrom',
  'yearTo',
  'timeFrom',
  'timeTo',
  'energyFrom',
  'energyTo',
  'ra',
  'dec',
  'radius',
  'sort',
  'limit',
  'cursor',
  'facets',
  'highlight',
] as const;

export const DEFAULT_SEARCH_LIMIT = 20;
export const MAX_SEARCH_LIMIT = 100;

export interface ParsedSearchParameters {
  readonly q: string;
  readonly query: QueryNode;
  readonly filters: SearchFilters;
  readonly sort: SortOrder;
  readonly limit: number;
  readonly cursor: string | undefined;
  readonly facets: boolean;
  readonly highlight: boolean;
}

const ENERGY = /^(\d+(?:\.\d+)?(?:[eE][+-]?\d{1,3})?)\s*([kMGTPEZ]?eV)?$/;
const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;
const MAX_VALUES = 20;

/**
 * Reads and checks the search parameters; every problem is reported at once, each naming its
 * parameter, as one {@link SearchQueryError}.
 */
export function parseSearchParameters(raw: RawSearchParameters): ParsedSearchParameters {
  const violations: Violation[] = [];
  for (const key of Object.keys(raw)) {
    if (!(SEARCH_PARAMETERS as readonly string[]).includes(key)) {
      violations.push({ path: key, message: `unknown parameter (known: ${SEARCH_PARAMETERS.join(', ')})` });
    }
  }
  const single = (key: string): string | undefined => {
    const value = raw[key];
    if (value === undefined) return undefined;
    if (typeof value === 'string') return value;
    if (value.length > 1) violations.push({ path: key, message: 'give this parameter once' });
    return value[0];
  };
  const many = (key: string, check: (value: string) => string | undefined): string[] => {
    const value = raw[key];
    const values = value === undefined ? [] : typeof value === 'string' ? [value] : [...value];
    if (values.length > MAX_VALUES) {
      violations.push({ path: key, message: `at most ${MAX_VALUES} values` });
      return [];
    }
    return values.flatMap((entry) => {
      const problem = check(entry);
      if (problem === undefined) return [entry];
      violations.push({ path: key, message: `${JSON.stringify(entry.slice(0, 100))}: ${problem}` });
      return [];
    });
  };
  const slug = (value: string): string | undefined =>
    SLUG.test(value) ? undefined : 'expected a lower-case slug such as "icecube"';
  const nonEmpty = (value: string): string | undefined =>
    value.trim() === '' || value.length > 200 ? 'expected 1 to 200 characters' : undefined;
  const integer = (key: string, min: number, max: number): number | null => {
    const value = single(key);
    if (value === undefined || value === '') return null;
    if (!/^-?\d{1,6}$/.test(value) || Number(value) < min || Number(value) > max) {
      violations.push({ path: key, message: `expected a whole number from ${min} to ${max}` });
      return null;
    }
    return Number(value);
  };
  const time = (key: string, end: boolean): Date | null => {
    const value = single(key);
    if (value === undefined || value === '') return null;
    const parsed = parseTime(value, end);
    if (parsed === undefined) {
      violations.push({
        path: key,
        message: 'expected an ISO 8601 date or date-time, e.g. 2014-01-01 or 2014-01-01T12:00:00Z',
      });
      return null;
    }
    return parsed;
  };
  const energy = (key: string): number | null => {
    const value = single(key);
    if (value === undefined || value === '') return null;
    const match = ENERGY.exec(value.trim());
    const magnitude =
      match === null
        ? NaN
        : Number(match[1]) *
          (isEnergyUnit(match[2] ?? 'eV') ? ELECTRONVOLTS_PER_UNIT[(match[2] ?? 'eV') as EnergyUnit] : NaN);
    if (!Number.isFinite(magnitude) || magnitude <= 0) {
      violations.push({
        path: key,
        message: 'expected a positive energy with an optional unit (eV by default), e.g. 100TeV or 1e15',
      });
      return null;
    }
    return magnitude;
  };
  const angle = (key: string): number | null => {
    const value = single(key);
    if (value === undefined || value === '') return null;
    const parsed = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(value.trim()) ? Number(value) : NaN;
    if (!Number.isFinite(parsed)) {
      violations.push({ path: key, message: 'expected a number of degrees' });
      return null;
    }
    return parsed;
  };
  const flag = (key: string, fallback: boolean): boolean => {
    const value = single(key);
    if (value === undefined || value === '') return fallback;
    if (value === 'true') return true;
    if (value === 'false') return false;
    violations.push({ path: key, message: 'expected true or false' });
    return fallback;
  };

  const q = single('q') ?? '';
  let query: QueryNode = { kind: 'all' };
  try {
    query = parseSearchQuery(q);
  } catch (error) {
    if (!(error instanceof SearchQueryError)) throw error;
    violations.push(...error.violations);
  }
  const yearFrom = integer('yearFrom', 1000, 9999);
  const yearTo = integer('yearTo', 1000, 9999);
  if (yearFrom !== null && yearTo !== null && yearFrom > yearTo)
    violations.push({ path: 'yearTo', message: 'must not be before yearFrom' });
  const timeFrom = time('timeFrom', false);
  const timeTo = time('timeTo', true);
  if (timeFrom !== null && timeTo !== null && timeFrom > timeTo)
    violations.push({ path: 'timeTo', message: 'must not be before timeFrom' });
  const energyFromEv = energy('energyFrom');
  const energyToEv = energy('energyTo');
  if (energyFromEv !== null && energyToEv !== null && energyFromEv > energyToEv)
    violations.push({ path: 'energyTo', message: 'must not be below energyFrom' });
  const ra = angle('ra');
  const dec = angle('dec');
  const radius = angle('radius');
  let cone: SearchFilters['cone'] = null;
  const coneParts = [ra, dec, radius].filter((part) => part !== null).length;
  const coneGiven = ['ra', 'dec', 'radius'].filter((key) => raw[key] !== undefined).length;
  if (coneGiven > 0 && coneGiven < 3) {
    violations.push({ path: 'ra', message: 'a cone needs ra, dec and radius together' });
  } else if (ra !== null && dec !== null && radius !== null && coneParts === 3) {
    const problems = skyConeViolations(ra, dec, radius);
    if (problems.length === 0) cone = { ra, dec, radius };
    else violations.push(...problems);
  }
  const sortValue = single('sort');
  let sort: SortOrder = q.trim() === '' ? 'newest' : 'relevance';
  if (sortValue !== undefined && sortValue !== '') {
    if ((SORT_ORDERS as readonly string[]).includes(sortValue)) sort = sortValue as SortOrder;
    else violations.push({ path: 'sort', message: `expected one of ${SORT_ORDERS.join(', ')}` });
  }
  const filters: SearchFilters = {
    experiment: many('experiment', slug),
    messenger: many('messenger', slug),
    type: many('type', slug),
    license: many('license', (value) =>
      /^[A-Za-z0-9][A-Za-z0-9.+-]{0,63}$/.test(value) ? undefined : 'expected an SPDX licence id',
    ),
    access: many('access', (value) =>
      (ACCESS_VALUES as readonly string[]).includes(value)
        ? undefined
        : `expected one of ${ACCESS_VALUES.join(', ')}`,
    ) as AccessValue[],
    keyword: many('keyword', nonEmpty),
    yearFrom,
    yearTo,
    timeFrom,
    timeTo,
    energyFromEv,
    energyToEv,
    cone,
  };
  const limit = integer('limit', 1, MAX_SEARCH_LIMIT) ?? DEFAULT_SEARCH_LIMIT;
  const cursor = single('cursor');
  const facets = flag('facets', true);
  const highlight = flag('highlight', true);
  if (violations.length > 0) throw new SearchQueryError(violations);
  return { q, query, filters, sort, limit, cursor: cursor === '' ? undefined : cursor, facets, highlight };
}

function parseTime(value: string, end: boolean): Date | undefined {
  const year = /^\d{4}$/.exec(value);
  const date = /^\d{4}-\d{2}-\d{2}$/.exec(value);
  if (year !== null) {
    const y = Number(value);
    return new Date(end ? Date.UTC(y + 1, 0, 1) - 1 : Date.UTC(y, 0, 1));
  }
  if (date !== null) {
    const start = new Date(`${value}T00:00:00Z`);
    if (Number.isNaN(start.getTime()) || start.toISOString().slice(0, 10) !== value) return undefined;
    return end ? new Date(start.getTime() + 86_400_000 - 1) : start;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value))
    return undefined;
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? undefined : instant;
}
