/** Manifest and fetch.txt lines (RFC 8493 §2.1.3, §2.2.3): "<digest> <path>" and "<url> <length> <path>". */
import { decodeBagPath, encodeBagPath } from './bag-path.js';

export interface TextLine {
  /** 1-based. */
  readonly line: number;
  readonly text: string;
  /** The line break that ends the previous line ('' for the first), to rebuild a name broken by a raw CR or LF. */
  readonly breakBefore: string;
}

export interface ManifestEntry {
  readonly line: number;
  readonly digest: string;
  /** As written in the manifest, still percent-encoded. */
  readonly rawPath: string;
  readonly path: string;
}

export interface FetchEntryLine {
  readonly line: number;
  readonly url: string;
  readonly sizeBytes: number | null;
  readonly rawPath: string;
  readonly path: string;
}

/** Splits on LF, CRLF or CR, as RFC 8493 allows all three; blank lines are dropped. */
export function splitLines(text: string): TextLine[] {
  const lines: TextLine[] = [];
  const breaks = /\r\n|\r|\n/g;
  let start = 0;
  let breakBefore = '';
  let number = 1;
  for (let match = breaks.exec(text); ; match = breaks.exec(text)) {
    const end = match === null ? text.length : match.index;
    const body = text.slice(start, end);
    if (body.trim() !== '') lines.push({ line: number, text: body, breakBefore });
    if (match === null) break;
    breakBefore = match[0];
    start = match.index + match[0].length;
    number += 1;
  }
  return lines;
}

export function parseManifest(text: string): { entries: ManifestEntry[]; unparsed: TextLine[] } {
  const entries: ManifestEntry[] = [];
  const unparsed: TextLine[] = [];
  for (const line of splitLines(text)) {
    const match = /^([0-9A-Fa-f]+)[ \t]+(.+)$/s.exec(line.text);
    if (match === null) {
      unparsed.push(line);
      continue;
    }
    const rawPath = match[2] ?? '';
    entries.push({ line: line.line, digest: match[1] ?? '', rawPath, path: decodeBagPath(rawPath) });
  }
  return { entries, unparsed };
}

/** Two spaces between digest and name, so that coreutils' sha512sum -c reads our manifests too. */
export function manifestLine(digest: string, path: string): string {
  return `${digest}  ${encodeBagPath(path)}\n`;
}

export function parseFetch(text: string): { entries: FetchEntryLine[]; unparsed: TextLine[] } {
  const entries: FetchEntryLine[] = [];
  const unparsed: TextLine[] = [];
  for (const line of splitLines(text)) {
    const match = /^(\S+)[ \t]+(\d+|-)[ \t]+(.+)$/s.exec(line.text);
    const sizeBytes = match?.[2] === '-' ? null : Number(match?.[2]);
    if (match === null || (sizeBytes !== null && !Number.isSafeInteger(sizeBytes))) {
      unparsed.push(line);
      continue;
    }
    const rawPath = match[3] ?? '';
    entries.push({ line: line.line, url: match[1] ?? '', sizeBytes, rawPath, path: decodeBagPath(rawPath) });
  }
  return { entries, unparsed };
}

export function fetchLine(url: string, sizeBytes: number | null, path: string): string {
  return `${url} ${sizeBytes ?? '-'} ${encodeBagPath(path)}\n`;
}
