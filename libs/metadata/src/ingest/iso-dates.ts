const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d+)?)?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

function validDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

/** An ISO 8601 calendar date at year, month or day precision (`2017`, `2017-10`, `2017-10-31`). */
export function isIsoDate(value: string): boolean {
  const match = DATE.exec(value);
  if (match === null) return false;
  const [, year = '', month, day] = match;
  if (month === undefined) return true;
  if (day === undefined) return Number(month) >= 1 && Number(month) <= 12;
  return validDay(Number(year), Number(month), Number(day));
}

/** An ISO 8601 date, or a date-time with seconds optional and a zone designator required. */
export function isIsoDateOrDateTime(value: string): boolean {
  if (isIsoDate(value)) return true;
  const match = DATE_TIME.exec(value);
  if (match === null) return false;
  const [, year = '', month = '', day = ''] = match;
  return validDay(Number(year), Number(month), Number(day));
}

/** An ISO 8601 interval of dates or date-times, `start/end`, `start/..` (open) or `../end`, or a single instant. */
export function parseIsoInterval(value: string): { start: string; end: string | null } | undefined {
  const parts = value.split('/');
  if (parts.length === 1) return isIsoDateOrDateTime(value) ? { start: value, end: null } : undefined;
  if (parts.length !== 2) return undefined;
  const [start = '', end = ''] = parts;
  const startOk = start === '..' || isIsoDateOrDateTime(start);
  const endOk = end === '..' || isIsoDateOrDateTime(end);
  if (!startOk || !endOk || (start === '..' && end === '..')) return undefined;
  if (start !== '..' && end !== '..' && start.slice(0, 10) > end.slice(0, 10)) return undefined;
  return { start: start === '..' ? '..' : start, end: end === '..' ? null : end };
}
