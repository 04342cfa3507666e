import type { DatasetSchema } from '../schema/dataset-schema.js';
import { findObservable } from '../schema/dataset-schema.js';
import { type Cut, isInCut, type Selection } from './selection.js';
import { interval } from './validate-selection.js';

function value(v: number | string | boolean): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

function cutText(cut: Cut, unit: string | null): string {
  const suffix = unit === null ? '' : ` ${unit}`;
  if (isInCut(cut)) return `${cut.observable} in {${cut.in.map(value).join(', ')}}`;
  const { min, max, minExclusive = false, maxExclusive = false } = cut;
  if (min !== undefined && max !== undefined) {
    return `${cut.observable} in ${interval(min, max, minExclusive, maxExclusive)}${suffix}`;
  }
  if (min !== undefined) return `${cut.observable} ${minExclusive ? '>' : '>='} ${min}${suffix}`;
  return `${cut.observable} ${maxExclusive ? '<' : '<='} ${String(max)}${suffix}`;
}

/**
 * A human-readable text of a (valid) selection, for the Info.txt that ships with every download. The
 * same selection always gives the same text; cuts are listed in the order given. With `schemas`, cut
 * bounds carry the observable's unit (the same in every selected release, as validation ensures).
 */
export function describeSelection(
  selection: Selection,
  schemas: ReadonlyMap<string, DatasetSchema> = new Map(),
): string {
  const unitOf = (name: string): string | null => {
    for (const release of selection.releases) {
      const schema = schemas.get(release);
      const observable = schema === undefined ? undefined : findObservable(schema, name);
      if (observable !== undefined) return observable.unit;
    }
    return null;
  };
  const lines = [`Releases: ${selection.releases.join(', ')}`];
  if (selection.cuts.length === 0) {
    lines.push('Cuts: none (all events)');
  } else {
    lines.push('Cuts (all must hold):');
    for (const cut of selection.cuts) lines.push(`  - ${cutText(cut, unitOf(cut.observable))}`);
  }
  const time = selection.time;
  if (time === undefined) lines.push('Event time: any');
  else if (time.from !== undefined && time.to !== undefined)
    lines.push(`Event time: from ${time.from} to before ${time.to}`);
  else if (time.from !== undefined) lines.push(`Event time: from ${time.from}`);
  else lines.push(`Event time: before ${time.to ?? ''}`);
  const cone = selection.cone;
  lines.push(
    cone === undefined
      ? 'Sky: whole sky'
      : `Sky: within ${cone.radius} deg of RA ${cone.ra} deg, Dec ${cone.dec} deg (ICRS)`,
  );
  lines.push(`Columns: ${selection.columns === undefined ? 'all' : selection.columns.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
