/** Label–value tag files (bagit.txt, bag-info.txt), RFC 8493 §2.1.1 and §2.2.2. */

export type BagInfoEntries = ReadonlyArray<readonly [label: string, value: string]>;

export interface TagFileFault {
  /** 1-based line number. */
  readonly line: number;
  readonly message: string;
}

/** The BagIt version we write (RFC 8493). */
export const BAGIT_VERSION = '1.0';
export const BAGIT_TXT = `BagIt-Version: ${BAGIT_VERSION}\nTag-File-Character-Encoding: UTF-8\n`;

/**
 * Reads label–value lines. A line that starts with a space or tab continues the previous value: RFC 8493
 * says the line break is part of the value and the indentation is not, so continuations join with '\n'.
 * Blank lines are skipped, as bagit-python does.
 */
export function parseTagFile(text: string): { entries: Array<[string, string]>; faults: TagFileFault[] } {
  const entries: Array<[string, string]> = [];
  const faults: TagFileFault[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  if (lines.at(-1) === '') lines.pop();
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const last = entries.at(-1);
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (last === undefined) {
        faults.push({ line: index + 1, message: 'continuation line before any label' });
      } else {
        last[1] = `${last[1]}\n${line.replace(/^[ \t]+/, '')}`;
      }
      return;
    }
    const colon = line.indexOf(':');
    const label = colon < 0 ? '' : line.slice(0, colon).trim();
    if (label === '') {
      faults.push({
        line: index + 1,
        message: colon < 0 ? 'has no "label: value" form' : 'has an empty label',
      });
      return;
    }
    entries.push([label, line.slice(colon + 1).replace(/^[ \t]+/, '')]);
  });
  return { entries, faults };
}

/**
 * Why an entry cannot be written so that {@link parseTagFile} reads it back unchanged, or undefined.
 * Readers differ on surrounding whitespace and blank lines, so such values are refused rather than guessed.
 */
export function bagInfoEntryFault(label: string, value: string): string | undefined {
  if (label === '' || label !== label.trim()) return 'a label must be non-empty, without surrounding spaces';
  if (/[:\r\n]/.test(label)) return 'a label must not contain ":", CR or LF';
  if (value.includes('\r')) return 'a value must not contain CR (use LF to break lines)';
  for (const line of value.split('\n')) {
    if (line !== line.trim()) return 'no line of a value may start or end with whitespace';
    if (line === '' && value !== '') return 'a value must not contain empty lines';
  }
  return undefined;
}

/** Serialises entries in order; a value's line breaks become continuation lines indented by two spaces. */
export function serialiseBagInfo(entries: BagInfoEntries): string {
  return entries.map(([label, value]) => `${label}: ${value.split('\n').join('\n  ')}\n`).join('');
}

/** All values of a label, compared case-insensitively as bag-info labels are. */
export function bagInfoValues(entries: BagInfoEntries, label: string): string[] {
  const wanted = label.toLowerCase();
  return entries.filter(([name]) => name.toLowerCase() === wanted).map(([, value]) => value);
}

export interface PayloadOxum {
  readonly octets: number;
  readonly streamCount: number;
}

export function parsePayloadOxum(value: string): PayloadOxum | undefined {
  const match = /^(\d+)\.(\d+)$/.exec(value.trim());
  if (match === null) return undefined;
  const octets = Number(match[1]);
  const streamCount = Number(match[2]);
  return Number.isSafeInteger(octets) && Number.isSafeInteger(streamCount)
    ? { octets, streamCount }
    : undefined;
}

export function formatPayloadOxum(oxum: PayloadOxum): string {
  return `${oxum.octets}.${oxum.streamCount}`;
}

/** Bag-Size as RFC 8493 shows it ("42.6 GB"): decimal units, three significant digits. */
export function formatBagSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  const units = ['KB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 999.5 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = value >= 99.95 ? 0 : value >= 9.995 ? 1 : 2;
  return `${value.toFixed(digits)} ${units[unit] ?? 'EB'}`;
}
