import type { Violation } from '@apdc/platform';
import { SearchQueryError } from '../errors.js';
import { normalizeIdentifier } from './identifiers.js';
import type { ExactField, QueryNode, TextField } from './query-ast.js';

/*
 * The query language is documented for users in docs/search-syntax.md; keep both in step.
 *
 * Parsing runs in three linear passes over a query of at most 1000 characters, with no regular expression
 * that can backtrack beyond the token it starts on:
 * 1. screening: length, control characters, unpaired surrogates;
 * 2. lexing into tokens, then checking the token sequence (quotes, parentheses, operands of operators,
 *    values of fields), so that every structural problem is reported at once;
 * 3. only if the structure is sound, recursive descent (its depth bounded by the parenthesis limit) that
 *    builds the simplified tree and reports bad field values, too many terms and too deep trees.
 */

const MAX_QUERY_LENGTH = 1000;
const MAX_TERMS = 64;
/** Parentheses and operator nesting; Elasticsearch refuses bool queries nested beyond 30 by default. */
const MAX_NESTING = 16;
/** A node tree of MAX_NESTING operators holds its leaves one level deeper. */
const MAX_TREE_DEPTH = MAX_NESTING + 1;
/** A query of 1000 NUL characters should not answer with 1000 violations. */
const MAX_REPORTED_VIOLATIONS = 20;
const MIN_PREFIX_LENGTH = 2;

type IdentifierScheme = 'doi' | 'orcid' | 'id' | 'url' | 'arxiv';

type FieldSpec =
  | { readonly kind: 'text'; readonly field: TextField }
  | { readonly kind: 'exact'; readonly field: ExactField }
  | { readonly kind: 'year' }
  | { readonly kind: 'identifier'; readonly scheme: IdentifierScheme };

/** Field names as typed (case-insensitive) → meaning. A Map, so that `constructor:` is just a word. */
const FIELDS: ReadonlyMap<string, FieldSpec> = new Map<string, FieldSpec>([
  ['title', { kind: 'text', field: 'title' }],
  ['description', { kind: 'text', field: 'description' }],
  ['creator', { kind: 'text', field: 'creator' }],
  ['author', { kind: 'text', field: 'creator' }],
  ['keyword', { kind: 'text', field: 'keyword' }],
  ['keywords', { kind: 'text', field: 'keyword' }],
  ['experiment', { kind: 'exact', field: 'experiment' }],
  ['facility', { kind: 'exact', field: 'experiment' }],
  ['messenger', { kind: 'exact', field: 'messenger' }],
  ['type', { kind: 'exact', field: 'type' }],
  ['license', { kind: 'exact', field: 'license' }],
  ['licence', { kind: 'exact', field: 'license' }],
  ['year', { kind: 'year' }],
  ['doi', { kind: 'identifier', scheme: 'doi' }],
  ['orcid', { kind: 'identifier', scheme: 'orcid' }],
  ['id', { kind: 'identifier', scheme: 'id' }],
  ['url', { kind: 'identifier', scheme: 'url' }],
  ['arxiv', { kind: 'identifier', scheme: 'arxiv' }],
]);

const IDENTIFIER_DESCRIPTIONS: Readonly<Record<IdentifierScheme, string>> = {
  doi: 'a DOI such as 10.1234/abc',
  orcid: 'an ORCID iD such as 0000-0002-1825-0097 (with a valid check character)',
  id: 'a UUID',
  url: 'an http(s) URL',
  arxiv: 'an arXiv id such as 2307.16210 or hep-ex/0101001',
};

/** Straight and typographic double quotes: queries are often pasted from word processors. */
const QUOTES: ReadonlySet<string> = new Set(['"', '\u201c', '\u201d', '\u201e']);
const PREFIX_OPERATORS: ReadonlySet<string> = new Set(['-', '!', '+']);
const FORBIDDEN_CHARACTER = /(?![\t\n\r])[\p{Cc}\p{Cs}]/gu;
const WHITESPACE = /^\s$/;
const WORD_CHARACTER = /^[\p{L}\p{M}\p{N}_]$/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
/** Where an unquoted identifier may start; the identifier itself is then taken up to whitespace. */
const IDENTIFIER_START = /https?:\/\/|10\.\d{4,9}\/|\d{4}-\d{4}-\d{4}-\d{3}[\dX]|[0-9a-f]{8}-[0-9a-f]{4}-/iy;
const FIELD_PREFIX = /([a-z]{2,11}):/iy;
const YEAR_RANGE = /^(\d{4})?\.\.(\d{4})?$/;
const YEAR = /^\d{4}$/;
const MAX_QUOTED_VALUE_LENGTH = 40;

type Token =
  | { readonly type: 'word'; readonly index: number; readonly raw: string }
  | { readonly type: 'phrase'; readonly index: number; readonly text: string }
  | { readonly type: 'identifier'; readonly index: number; readonly raw: string; readonly value: string }
  | { readonly type: 'field'; readonly index: number; readonly spelled: string; readonly spec: FieldSpec }
  | { readonly type: 'and' | 'or' | 'not' | 'required'; readonly index: number; readonly spelled: string }
  | { readonly type: 'open' | 'close'; readonly index: number };

type FieldToken = Extract<Token, { type: 'field' }>;

/**
 * Parses the free-text query of `GET /api/v1/search?q=` (syntax: docs/search-syntax.md) into a simplified
 * {@link QueryNode}: nested `and`/`or` of one kind flattened, single children collapsed, double negation
 * removed. An empty query is `{ kind: 'all' }`; a query of negations only (`-foo`) is
 * `and(all, not(foo))`.
 *
 * @throws SearchQueryError listing every problem found (path `q`, each message naming a 1-based
 *   character position); never any other error.
 */
export function parseSearchQuery(text: string): QueryNode {
  if (text.length > MAX_QUERY_LENGTH && countCodePoints(text, MAX_QUERY_LENGTH + 1) > MAX_QUERY_LENGTH) {
    throw new SearchQueryError([
      {
        path: 'q',
        message: `the query is longer than ${MAX_QUERY_LENGTH} characters (position ${MAX_QUERY_LENGTH + 1} onwards)`,
      },
    ]);
  }
  const problems = new Problems(text);
  const screened = text.replace(FORBIDDEN_CHARACTER, (character: string, index: number) => {
    const codePoint = `U+${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    const what = /\p{Cs}/u.test(character) ? 'unpaired surrogate' : 'control character';
    problems.add(index, (position) => `${what} ${codePoint} at position ${position} is not allowed`);
    return ' ';
  });
  const tokens = lex(screened, problems);
  checkStructure(tokens, problems);
  problems.throwIfAny();
  const root = new TreeBuilder(tokens, problems).build();
  problems.throwIfAny();
  return root;
}

/** Counts code points up to `limit`, so that a megabyte-long query costs no more than a short one. */
function countCodePoints(text: string, limit: number): number {
  let count = 0;
  for (const _codePoint of text) {
    count++;
    if (count >= limit) break;
  }
  return count;
}

/** Violations keyed by UTF-16 index, reported with 1-based code-point positions, in text order. */
class Problems {
  private readonly found: { readonly index: number; readonly describe: (position: number) => string }[] = [];
  private positions: Int32Array | undefined;

  constructor(private readonly text: string) {}

  add(index: number, describe: (position: number) => string): void {
    this.found.push({ index, describe });
  }

  get count(): number {
    return this.found.length;
  }

  throwIfAny(): void {
    if (this.found.length === 0) return;
    const sorted = [...this.found].sort((a, b) => a.index - b.index);
    const violations: Violation[] = sorted
      .slice(0, MAX_REPORTED_VIOLATIONS)
      .map(({ index, describe }) => ({ path: 'q', message: describe(this.positionOf(index)) }));
    if (sorted.length > MAX_REPORTED_VIOLATIONS) {
      violations.push({
        path: 'q',
        message: `${sorted.length - MAX_REPORTED_VIOLATIONS} more problems not listed (from position ${this.positionOf(sorted[MAX_REPORTED_VIOLATIONS]?.index ?? 0)})`,
      });
    }
    throw new SearchQueryError(violations);
  }

  private positionOf(index: number): number {
    if (this.positions === undefined) {
      const positions = new Int32Array(this.text.length + 1);
      let position = 1;
      for (let i = 0; i <= this.text.length; i++) {
        positions[i] = position;
        const unit = this.text.charCodeAt(i);
        const isHighSurrogateOfPair =
          unit >= 0xd800 && unit <= 0xdbff && (this.text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
        if (!isHighSurrogateOfPair) position++;
      }
      this.positions = positions;
    }
    return this.positions[index] ?? index + 1;
  }
}

function isSpace(character: string): boolean {
  return WHITESPACE.test(character);
}

function isQuote(character: string): boolean {
  return QUOTES.has(character);
}

function endsWord(character: string): boolean {
  return (
    character === '' || isSpace(character) || character === '(' || character === ')' || isQuote(character)
  );
}

function lex(text: string, problems: Problems): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const character = text.charAt(i);
    if (isSpace(character)) {
      i++;
    } else if (character === '(' || character === ')') {
      tokens.push({ type: character === '(' ? 'open' : 'close', index: i });
      i++;
    } else if (isQuote(character)) {
      i = lexPhrase(text, i, tokens, problems);
    } else if (PREFIX_OPERATORS.has(character) && !endsWordOrGroup(text.charAt(i + 1))) {
      tokens.push({ type: character === '+' ? 'required' : 'not', index: i, spelled: character });
      i++;
    } else {
      i = lexIdentifier(text, i, tokens) ?? lexField(text, i, tokens) ?? lexWord(text, i, tokens);
    }
  }
  return tokens;
}

/** A `-`, `!` or `+` is an operator only when glued to what follows: `a - b` is two words and a dash. */
function endsWordOrGroup(next: string): boolean {
  return next === '' || isSpace(next) || next === ')';
}

function lexPhrase(text: string, open: number, tokens: Token[], problems: Problems): number {
  let close = open + 1;
  while (close < text.length && !isQuote(text.charAt(close))) close++;
  if (close >= text.length) {
    problems.add(open, (position) => `unbalanced quote opened at position ${position}`);
    return text.length;
  }
  tokens.push({ type: 'phrase', index: open, text: collapseWhitespace(text.slice(open + 1, close)) });
  let next = close + 1;
  // Lucene's proximity suffix ("a b"~3) is not supported; dropping it beats searching for the word "3".
  if (text.charAt(next) === '~') {
    next++;
    while (isAsciiDigit(text.charAt(next))) next++;
  }
  return next;
}

function collapseWhitespace(text: string): string {
  let collapsed = '';
  let pendingSpace = false;
  for (const character of text) {
    if (isSpace(character)) {
      pendingSpace = collapsed !== '';
    } else {
      collapsed += pendingSpace ? ` ${character}` : character;
      pendingSpace = false;
    }
  }
  return collapsed;
}

function isAsciiDigit(character: string): boolean {
  return character >= '0' && character <= '9' && character.length === 1;
}

/**
 * An unquoted DOI, ORCID iD, URL or UUID, taken whole up to whitespace or a quote, so that its `/`, `:`
 * and balanced parentheses stay in it; a `)` without its `(` inside closes the enclosing group instead.
 * Sentence punctuation at its end (`see 10.1234/abc.`) is left out.
 */
function lexIdentifier(text: string, start: number, tokens: Token[]): number | undefined {
  IDENTIFIER_START.lastIndex = start;
  if (!IDENTIFIER_START.test(text)) return undefined;
  let end = start;
  let depth = 0;
  for (; end < text.length; end++) {
    const character = text.charAt(end);
    if (isSpace(character) || isQuote(character)) break;
    if (character === '(') depth++;
    if (character === ')') {
      if (depth === 0) break;
      depth--;
    }
  }
  while (end > start && '.,;:!?'.includes(text.charAt(end - 1))) end--;
  const raw = text.slice(start, end);
  const value = normalizeIdentifier(raw);
  if (value === undefined) return undefined;
  tokens.push({ type: 'identifier', index: start, raw, value });
  return end;
}

function lexField(text: string, start: number, tokens: Token[]): number | undefined {
  FIELD_PREFIX.lastIndex = start;
  const match = FIELD_PREFIX.exec(text);
  const spelled = match?.[1]?.toLowerCase();
  const spec = spelled === undefined ? undefined : FIELDS.get(spelled);
  if (match === null || spelled === undefined || spec === undefined) return undefined;
  tokens.push({ type: 'field', index: start, spelled, spec });
  return start + match[0].length;
}

function lexWord(text: string, start: number, tokens: Token[]): number {
  let end = start + 1;
  while (!endsWord(text.charAt(end))) end++;
  const raw = text.slice(start, end);
  if (raw === 'AND' || raw === '&&') tokens.push({ type: 'and', index: start, spelled: raw });
  else if (raw === 'OR' || raw === '||') tokens.push({ type: 'or', index: start, spelled: raw });
  else if (raw === 'NOT') tokens.push({ type: 'not', index: start, spelled: raw });
  else tokens.push({ type: 'word', index: start, raw });
  return end;
}

/** Token types that can begin an operand. */
function startsOperand(token: Token | undefined): boolean {
  switch (token?.type) {
    case 'word':
    case 'phrase':
    case 'identifier':
    case 'field':
    case 'open':
    case 'not':
    case 'required':
      return true;
    case 'and':
    case 'or':
    case 'close':
    case undefined:
      return false;
  }
}

/**
 * Reports every structural problem. Each missing operand is reported once, by the operator or field
 * before the gap: `a OR OR b` names the first OR only.
 */
function checkStructure(tokens: readonly Token[], problems: Problems): void {
  const openParentheses: number[] = [];
  let nestingReported = false;
  tokens.forEach((token, at) => {
    const previous = tokens[at - 1];
    const next = tokens[at + 1];
    switch (token.type) {
      case 'open':
        openParentheses.push(token.index);
        if (openParentheses.length > MAX_NESTING && !nestingReported) {
          nestingReported = true;
          problems.add(
            token.index,
            (p) => `parentheses nested deeper than ${MAX_NESTING} levels at position ${p}`,
          );
        }
        break;
      case 'close':
        if (openParentheses.pop() === undefined) {
          problems.add(token.index, (p) => `stray ) at position ${p} has no matching (`);
        }
        break;
      case 'and':
      case 'or':
        if (previous === undefined || previous.type === 'open') {
          problems.add(token.index, (p) => `operator ${token.spelled} at position ${p} has no left operand`);
        }
        if (!startsOperand(next)) {
          problems.add(token.index, (p) => `operator ${token.spelled} at position ${p} has no right operand`);
        }
        break;
      case 'not':
      case 'required':
        if (!startsOperand(next)) {
          problems.add(token.index, (p) => `operator ${token.spelled} at position ${p} has no operand`);
        }
        break;
      case 'field':
        if (!startsOperand(next)) problems.add(token.index, (p) => fieldNeedsValue(token, p));
        break;
      case 'word':
      case 'phrase':
      case 'identifier':
        break;
    }
  });
  for (const index of openParentheses) {
    problems.add(index, (p) => `unbalanced ( at position ${p} is never closed`);
  }
}

function fieldNeedsValue(field: FieldToken, position: number): string {
  return `field ${field.spelled}: at position ${position} needs a value`;
}

/** Builds the tree from a structurally sound token sequence; recursion only enters parentheses. */
class TreeBuilder {
  private next = 0;
  private terms = 0;
  /** Depth of composite nodes (leaves are 1) and where their text starts, for the nesting check. */
  private readonly depths = new WeakMap<QueryNode, number>();
  private readonly starts = new WeakMap<QueryNode, number>();

  constructor(
    private readonly tokens: readonly Token[],
    private readonly problems: Problems,
  ) {}

  build(): QueryNode {
    const parsed = this.parseOr(null);
    const leftover = this.tokens[this.next];
    if (leftover !== undefined) this.unexpected(leftover);
    const root = matchEverythingBut(parsed);
    if (this.depthOf(root) > MAX_TREE_DEPTH) this.reportTooDeep(root);
    return root;
  }

  private parseOr(field: FieldToken | null): QueryNode | null {
    const start = this.peek()?.index ?? 0;
    const alternatives = [this.parseAnd(field)];
    while (this.peek()?.type === 'or') {
      this.next++;
      alternatives.push(this.parseAnd(field));
    }
    return this.combine('or', alternatives, start);
  }

  private parseAnd(field: FieldToken | null): QueryNode | null {
    const start = this.peek()?.index ?? 0;
    const conjuncts: (QueryNode | null)[] = [];
    for (let token = this.peek(); token !== undefined; token = this.peek()) {
      if (token.type === 'or' || token.type === 'close') break;
      if (token.type === 'and') this.next++;
      else conjuncts.push(this.parseUnary(field));
    }
    return this.combine('and', conjuncts, start);
  }

  /** Prefix operators and fields, in any order and number, then one operand; iterative on purpose. */
  private parseUnary(outerField: FieldToken | null): QueryNode | null {
    let negated = false;
    let firstNegation = 0;
    let field = outerField;
    let ownField: FieldToken | null = null;
    for (let token = this.peek(); token !== undefined; token = this.peek()) {
      if (token.type === 'not') {
        if (!negated) firstNegation = token.index;
        negated = !negated;
      } else if (token.type === 'field') {
        field = token;
        ownField ??= token;
      } else if (token.type !== 'required') {
        break;
      }
      this.next++;
    }
    const problemsBefore = this.problems.count;
    const operand = this.parsePrimary(field);
    // A value refused for what it is has been reported already; only a missing one is reported here.
    if (operand === null && ownField !== null && this.problems.count === problemsBefore) {
      const needy = ownField;
      this.problems.add(needy.index, (p) => fieldNeedsValue(needy, p));
    }
    return negated && operand !== null ? this.negate(operand, firstNegation) : operand;
  }

  private parsePrimary(field: FieldToken | null): QueryNode | null {
    const token = this.peek();
    if (token === undefined) return null;
    this.next++;
    switch (token.type) {
      case 'word':
        return this.countTerm(token.index, this.wordValue(token, field));
      case 'phrase':
        return this.countTerm(token.index, this.phraseValue(token, field));
      case 'identifier':
        return this.countTerm(token.index, this.identifierValue(token, field));
      case 'open': {
        const group = this.parseOr(field);
        const close = this.peek();
        if (close?.type === 'close') this.next++;
        else this.unexpected(close ?? token);
        return group;
      }
      case 'close':
      case 'and':
      case 'or':
      case 'not':
      case 'required':
      case 'field':
        this.unexpected(token);
        return null;
    }
  }

  private wordValue(token: Extract<Token, { type: 'word' }>, field: FieldToken | null): QueryNode | null {
    const spec = field?.spec;
    switch (spec?.kind) {
      case undefined:
      case 'text':
        return this.term(token, spec?.field ?? null);
      case 'exact':
        return exactValue(spec.field, token.raw);
      case 'year':
        return this.year(token.raw, token.index);
      case 'identifier':
        return this.identifierOfScheme(spec.scheme, token.raw, token.index);
    }
  }

  private phraseValue(token: Extract<Token, { type: 'phrase' }>, field: FieldToken | null): QueryNode | null {
    const spec = field?.spec;
    const { text, index } = token;
    if (text === '') return null;
    switch (spec?.kind) {
      case undefined: {
        // Zenodo taught researchers to quote DOIs; a quoted identifier still means the identifier.
        const identifier = normalizeIdentifier(text);
        if (identifier !== undefined) return { kind: 'identifier', value: identifier };
        return LETTER_OR_DIGIT.test(text) ? { kind: 'phrase', field: null, text } : null;
      }
      case 'text':
        return LETTER_OR_DIGIT.test(text) ? { kind: 'phrase', field: spec.field, text } : null;
      case 'exact':
        return exactValue(spec.field, text);
      case 'year':
        return this.year(text, index);
      case 'identifier':
        return this.identifierOfScheme(spec.scheme, text, index);
    }
  }

  private identifierValue(
    token: Extract<Token, { type: 'identifier' }>,
    field: FieldToken | null,
  ): QueryNode | null {
    const spec = field?.spec;
    switch (spec?.kind) {
      case undefined:
        return { kind: 'identifier', value: token.value };
      case 'text':
        return { kind: 'term', field: spec.field, text: token.raw, match: 'exact' };
      case 'exact':
        return { kind: 'field', field: spec.field, value: token.raw.toLowerCase() };
      case 'year':
        return this.year(token.raw, token.index);
      case 'identifier':
        return this.identifierOfScheme(spec.scheme, token.raw, token.index);
    }
  }

  /**
   * `neutr*` is a prefix, `neutrnio~` (or `~2`: the distance is the adapter's choice) fuzzy. Other `*` and
   * `?` are not wildcards and are dropped; punctuation around the word is trimmed; what has no letter or
   * digit left is ignored.
   */
  private term(token: Extract<Token, { type: 'word' }>, field: TextField | null): QueryNode | null {
    const { raw, index } = token;
    let body = raw;
    let match: 'exact' | 'prefix' | 'fuzzy' = 'exact';
    let digitsStart = raw.length;
    while (digitsStart > 0 && isAsciiDigit(raw.charAt(digitsStart - 1))) digitsStart--;
    if (digitsStart > 0 && raw.charAt(digitsStart - 1) === '~') {
      match = 'fuzzy';
      body = raw.slice(0, digitsStart - 1);
    } else if (raw.endsWith('*')) {
      match = 'prefix';
      let end = raw.length;
      while (end > 0 && raw.charAt(end - 1) === '*') end--;
      body = raw.slice(0, end);
    }
    const text = trimToWord(body.replaceAll('*', '').replaceAll('?', ''));
    if (!LETTER_OR_DIGIT.test(text)) return null;
    if (match === 'prefix' && countCodePoints(text, MIN_PREFIX_LENGTH) < MIN_PREFIX_LENGTH) {
      this.problems.add(
        index,
        (p) => `prefix ${raw} at position ${p} needs at least ${MIN_PREFIX_LENGTH} characters before *`,
      );
      return null;
    }
    return { kind: 'term', field, text, match };
  }

  private year(value: string, index: number): QueryNode | null {
    const single = YEAR.test(value);
    const range = single ? null : YEAR_RANGE.exec(value);
    if (!single && range === null) {
      this.problems.add(
        index,
        (p) =>
          `year: value ${quoted(value)} at position ${p} is not a year (2019) or range (2015..2020, 2015.., ..2020)`,
      );
      return null;
    }
    const [from, to] = single ? [value, value] : [range?.[1], range?.[2]];
    if (from === undefined && to === undefined) {
      this.problems.add(index, (p) => `year range .. at position ${p} needs a first or a last year`);
      return null;
    }
    const fromYear = from === undefined ? null : Number(from);
    const toYear = to === undefined ? null : Number(to);
    if ((fromYear !== null && fromYear < 1000) || (toYear !== null && toYear < 1000)) {
      this.problems.add(index, (p) => `year ${quoted(value)} at position ${p} is not between 1000 and 9999`);
      return null;
    }
    if (fromYear !== null && toYear !== null && fromYear > toYear) {
      this.problems.add(index, (p) => `year range ${value} at position ${p} ends before it starts`);
      return null;
    }
    return { kind: 'year', from: fromYear, to: toYear };
  }

  private identifierOfScheme(scheme: IdentifierScheme, raw: string, index: number): QueryNode | null {
    const value = identifierOfScheme(scheme, raw);
    if (value !== undefined) return { kind: 'identifier', value };
    this.problems.add(
      index,
      (p) => `${scheme}: value ${quoted(raw)} at position ${p} is not ${IDENTIFIER_DESCRIPTIONS[scheme]}`,
    );
    return null;
  }

  private countTerm(index: number, node: QueryNode | null): QueryNode | null {
    if (node === null) return null;
    this.terms++;
    if (this.terms === MAX_TERMS + 1) {
      this.problems.add(
        index,
        (p) => `the query has more than ${MAX_TERMS} terms (the next one is at position ${p})`,
      );
    }
    return node;
  }

  private combine(kind: 'and' | 'or', parts: readonly (QueryNode | null)[], start: number): QueryNode | null {
    const children: QueryNode[] = [];
    for (const part of parts) {
      if (part === null) continue;
      if (part.kind === kind) children.push(...part.children);
      else children.push(part);
    }
    const [only] = children;
    if (children.length <= 1) return only ?? null;
    const node: QueryNode = { kind, children };
    this.depths.set(node, 1 + Math.max(...children.map((child) => this.depthOf(child))));
    this.starts.set(node, start);
    return node;
  }

  private negate(node: QueryNode, start: number): QueryNode {
    if (node.kind === 'not') return node.child;
    const negation: QueryNode = { kind: 'not', child: node };
    this.depths.set(negation, 1 + this.depthOf(node));
    this.starts.set(negation, start);
    return negation;
  }

  private depthOf(node: QueryNode): number {
    switch (node.kind) {
      case 'and':
      case 'or':
        return this.depths.get(node) ?? 1 + Math.max(...node.children.map((child) => this.depthOf(child)));
      case 'not':
        return this.depths.get(node) ?? 1 + this.depthOf(node.child);
      case 'all':
      case 'term':
      case 'phrase':
      case 'identifier':
      case 'field':
      case 'year':
        return 1;
    }
  }

  /** Names where the tree first gets too deep: the operator at the deepest path's level MAX_TREE_DEPTH. */
  private reportTooDeep(root: QueryNode): void {
    let node = root;
    for (let level = 1; level < MAX_TREE_DEPTH; level++) {
      const children: readonly QueryNode[] =
        node.kind === 'and' || node.kind === 'or' ? node.children : node.kind === 'not' ? [node.child] : [];
      const deepest = children.reduce<QueryNode | undefined>(
        (best, child) => (best === undefined || this.depthOf(child) > this.depthOf(best) ? child : best),
        undefined,
      );
      if (deepest === undefined) break;
      node = deepest;
    }
    const start = this.starts.get(node) ?? 0;
    this.problems.add(start, (p) => `operators nested deeper than ${MAX_NESTING} levels at position ${p}`);
  }

  private peek(): Token | undefined {
    return this.tokens[this.next];
  }

  /** Unreachable after checkStructure; kept so that a gap in it is a 400, not a crash. */
  private unexpected(token: Token): void {
    this.problems.add(token.index, (p) => `unexpected ${describeToken(token)} at position ${p}`);
    this.next = this.tokens.length;
  }
}

/** Exact values are compared as typed, lower-cased: no wildcards, no trimming. */
function exactValue(field: ExactField, value: string): QueryNode | null {
  return LETTER_OR_DIGIT.test(value) ? { kind: 'field', field, value: value.toLowerCase() } : null;
}

/** `-foo` alone means every document except foo's: and(all, not(foo)). */
function matchEverythingBut(node: QueryNode | null): QueryNode {
  if (node === null) return { kind: 'all' };
  if (node.kind === 'not') return { kind: 'and', children: [{ kind: 'all' }, node] };
  if (node.kind === 'and' && node.children.every((child) => child.kind === 'not')) {
    return { kind: 'and', children: [{ kind: 'all' }, ...node.children] };
  }
  return node;
}

function identifierOfScheme(scheme: IdentifierScheme, raw: string): string | undefined {
  switch (scheme) {
    case 'url':
      return /^https?:\/\//i.test(raw) ? normalizeIdentifier(raw) : undefined;
    case 'arxiv': {
      const value = normalizeIdentifier(raw);
      return value?.startsWith('arxiv:') === true ? value : normalizeIdentifier(`arxiv:${raw}`);
    }
    case 'doi':
    case 'orcid':
    case 'id': {
      const value = normalizeIdentifier(raw);
      return value?.startsWith(`${scheme}:`) === true ? value : undefined;
    }
  }
}

/** Trims everything but letters, marks, digits and `_` from both ends, code point by code point. */
function trimToWord(text: string): string {
  const characters = Array.from(text);
  let start = 0;
  let end = characters.length;
  while (start < end && !WORD_CHARACTER.test(characters[start] ?? '')) start++;
  while (end > start && !WORD_CHARACTER.test(characters[end - 1] ?? '')) end--;
  return characters.slice(start, end).join('');
}

function quoted(value: string): string {
  const characters = Array.from(value);
  return characters.length > MAX_QUOTED_VALUE_LENGTH
    ? `"${characters.slice(0, MAX_QUOTED_VALUE_LENGTH).join('')}…"`
    : `"${value}"`;
}

function describeToken(token: Token): string {
  switch (token.type) {
    case 'word':
    case 'identifier':
      return quoted(token.raw);
    case 'phrase':
      return 'phrase';
    case 'field':
      return `field ${token.spelled}:`;
    case 'and':
    case 'or':
    case 'not':
    case 'required':
      return `operator ${token.spelled}`;
    case 'open':
      return '(';
    case 'close':
      return ')';
  }
}
