/**
 * Formatted citations (DataCite's `text/x-bibliography`) rendered by citeproc-js from the release's
 * CSL-JSON item with the official CSL styles and locales bundled in `libs/metadata/csl/` (no network at
 * run time; see the README there for their sources and licence).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DomainError } from '@apdc/platform';
import type { ReleaseRecord } from '../release-record.js';
import { type CslItem, toCslJson } from './csl-json.js';

/** A bundled citation style: the key clients ask for and the style's own title. */
export interface CitationStyle {
  readonly key: string;
  readonly title: string;
}

interface BundledStyle extends CitationStyle {
  /** The CSL style's file name (its id in the CSL repository), accepted as an alias of the key. */
  readonly file: string;
}

const BUNDLED_STYLES: readonly BundledStyle[] = [
  { key: 'apa', file: 'apa', title: 'American Psychological Association 7th edition' },
  { key: 'harvard', file: 'harvard-cite-them-right', title: 'Cite Them Right 12th edition - Harvard' },
  { key: 'ieee', file: 'ieee', title: 'IEEE' },
  {
    key: 'chicago',
    file: 'chicago-author-date',
    title: 'Chicago Manual of Style 17th edition (author-date)',
  },
  { key: 'vancouver', file: 'vancouver', title: 'Vancouver' },
  { key: 'mla', file: 'modern-language-association', title: 'Modern Language Association 9th edition' },
];

/** The citation styles offered, by key; the CSL style names (e.g. `harvard-cite-them-right`) are accepted too. */
export const CITATION_STYLES: readonly CitationStyle[] = BUNDLED_STYLES.map(({ key, title }) => ({
  key,
  title,
}));

/**
 * The locales offered. A bare language picks its first locale here (`en` → `en-US`, `de` → `de-DE`).
 */
export const CITATION_LOCALES: readonly string[] = ['en-US', 'en-GB', 'de-DE'];

/** Options of {@link renderBibliography}. */
export interface BibliographyOptions {
  /** A key of {@link CITATION_STYLES} or a bundled CSL style name. */
  readonly style: string;
  /** A locale of {@link CITATION_LOCALES} or a bare language tag; case-insensitive. */
  readonly locale: string;
  /** Plain text (`text/x-bibliography`) or an HTML fragment with `<&>` escaped. */
  readonly format: 'text' | 'html';
}

/** The client asked for a citation style or locale that is not bundled; lists the ones offered. */
export class UnknownCitationStyleError extends DomainError {
  readonly kind = 'not-acceptable';
  readonly code = 'metadata.unknown-citation-style';
  constructor(field: 'style' | 'locale', value: string) {
    super(
      `Unknown citation ${field} "${value}"`,
      [{ path: field, message: `not one of the offered citation ${field}s` }],
      { styles: CITATION_STYLES.map((s) => s.key), locales: [...CITATION_LOCALES] },
    );
  }
}

/**
 * The release as one formatted bibliography entry, e.g. in APA: `Carberry, J., & KASCADE Collaboration.
 * (2024). KASCADE-like air-shower events … [Data set]. Astroparticle Physics Data Centre (APDC).
 * https://doi.org/10.5072/apdc.k7q2-x4mv`. Numbered styles (IEEE, Vancouver) keep their label ("[1]", "1.").
 *
 * @throws UnknownCitationStyleError for a style or locale that is not bundled.
 */
export function renderBibliography(record: ReleaseRecord, options: BibliographyOptions): string {
  const style = resolveStyle(options.style);
  const locale = resolveLocale(options.locale);
  const engine = engineFor(style, locale);
  const item = citeprocItem(toCslJson(record));
  engine.current = item;
  try {
    engine.citeproc.setOutputFormat(options.format);
    engine.citeproc.updateItems([item.id]);
    const bibliography = engine.citeproc.makeBibliography();
    const entry = bibliography === false ? undefined : bibliography[1][0];
    if (entry === undefined) throw new Error(`The CSL style ${style.file} rendered no bibliography entry`);
    return entry.trim();
  } catch (error) {
    // citeproc-js throws strings ("citeproc-js error: …"); give callers an Error with a stack.
    throw error instanceof Error ? error : new Error(`citeproc-js: ${String(error)}`);
  } finally {
    // Engines are cached per style and locale, and citeproc keeps items it has seen by id: purge, so that a
    // release re-rendered after a metadata change is read afresh.
    engine.citeproc.updateItems([]);
    engine.current = null;
  }
}

function resolveStyle(requested: string): BundledStyle {
  const name = requested.trim().toLowerCase();
  const style = BUNDLED_STYLES.find((s) => s.key === name || s.file === name);
  if (style === undefined) throw new UnknownCitationStyleError('style', requested);
  return style;
}

function resolveLocale(requested: string): string {
  const tag = requested.trim().replaceAll('_', '-').toLowerCase();
  const locale =
    CITATION_LOCALES.find((l) => l.toLowerCase() === tag) ??
    (tag.includes('-') ? undefined : CITATION_LOCALES.find((l) => l.toLowerCase().startsWith(`${tag}-`)));
  if (locale === undefined) throw new UnknownCitationStyleError('locale', requested);
  return locale;
}

// --- citeproc-js (CommonJS, untyped): the part of its API used here ---

type CiteprocName =
  | { readonly family: string; readonly given?: string }
  | { readonly family: string; readonly 'parse-names': false };

type CiteprocItem = Omit<CslItem, 'author'> & { readonly author?: readonly CiteprocName[] };

interface CiteprocSys {
  retrieveLocale(lang: string): string | undefined;
  retrieveItem(id: string): CiteprocItem | undefined;
}

interface CiteprocEngine {
  setOutputFormat(format: 'text' | 'html'): void;
  updateItems(ids: readonly string[]): void;
  makeBibliography(): [unknown, string[]] | false;
}

interface Citeproc {
  Engine: new (sys: CiteprocSys, style: string, lang: string, forceLang: boolean) => CiteprocEngine;
}

const citeproc = createRequire(import.meta.url)('citeproc') as Citeproc;

/**
 * The item as handed to citeproc-js. Organisations go in as family-only names that are not parsed for
 * particles, not as `literal` names: citeproc-js renders literal names through its own institution defaults,
 * which ignore the style's `delimiter-precedes-last`, so APA, Chicago and MLA lost the comma in "Carberry,
 * J., & KASCADE Collaboration". The CSL-JSON export keeps `literal`, which is what reference managers read.
 */
function citeprocItem(item: CslItem): CiteprocItem {
  const { author, ...rest } = item;
  if (author === undefined) return rest;
  return {
    ...rest,
    author: author.map((name): CiteprocName =>
      'literal' in name ? { family: name.literal, 'parse-names': false } : { ...name },
    ),
  };
}

interface CachedEngine {
  readonly citeproc: CiteprocEngine;
  /** The item being rendered; citeproc pulls it through `retrieveItem`. */
  current: CiteprocItem | null;
}

// Parsing a style takes citeproc-js a few hundred milliseconds; an engine per style and locale (at most
// styles × locales of them) is built once and reused. Rendering is synchronous, so one item at a time.
const engines = new Map<string, CachedEngine>();

function engineFor(style: BundledStyle, locale: string): CachedEngine {
  const key = `${style.file}|${locale}`;
  const cached = engines.get(key);
  if (cached !== undefined) return cached;
  const entry: CachedEngine = {
    current: null,
    citeproc: new citeproc.Engine(
      {
        retrieveLocale: readLocale,
        retrieveItem: (id) => (entry.current?.id === id ? entry.current : undefined),
      },
      readCslFile(path.join('styles', `${style.file}.csl`)),
      locale,
      true,
    ),
  };
  engines.set(key, entry);
  return entry;
}

function readLocale(lang: string): string | undefined {
  const file = path.join('locales', `locales-${lang}.xml`);
  return existsSync(path.join(cslDir(), file)) ? readCslFile(file) : undefined;
}

const cslFiles = new Map<string, string>();

function readCslFile(relativePath: string): string {
  let text = cslFiles.get(relativePath);
  if (text === undefined) {
    text = readFileSync(path.join(cslDir(), relativePath), 'utf8');
    cslFiles.set(relativePath, text);
  }
  return text;
}

let foundCslDir: string | null = null;

/**
 * `libs/metadata/csl/`, found upwards from this file (as `ontology-files.ts` finds `ontologies/`), so that
 * the same code works from the sources (tests) and from `dist/` (the built service).
 */
function cslDir(): string {
  if (foundCslDir !== null) return foundCslDir;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'libs', 'metadata', 'csl');
    if (existsSync(path.join(candidate, 'styles', 'apa.csl'))) {
      foundCslDir = candidate;
      return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir)
      throw new Error('libs/metadata/csl/ not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}
