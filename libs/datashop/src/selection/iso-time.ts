const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * Milliseconds since the epoch of an ISO 8601 instant: a calendar date (`2017-09-22`, the start of that
 * day in UTC) or a date and time with `Z` or an offset (`2017-09-22T20:54:30.43Z`); undefined otherwise,
 * including impossible dates such as `2023-02-30`. A time without a zone is refused as ambiguous.
 */
export function parseIsoInstant(text: string): number | undefined {
  const match = ISO_8601.exec(text);
  if (match === null) return undefined;
  const [, year, month, day, hour = '00', minute = '00', second = '00'] = match;
  const numbers = [year, month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const [y, mo, d, h, mi, s] = numbers;
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  date.setUTCFullYear(y); // Date.UTC maps years 0..99 to 1900..1999
  if (
    date.getUTCFullYear() !== y ||
    date.getUTCMonth() !== mo - 1 ||
    date.getUTCDate() !== d ||
    h > 23 ||
    mi > 59 ||
    s > 59
  ) {
    return undefined;
  }
  const millis = Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text);
  return Number.isNaN(millis) ? undefined : millis;
}
