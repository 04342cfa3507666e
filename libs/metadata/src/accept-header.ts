/** One range of an HTTP `Accept` header (RFC 9110 §12.5.1) with its parameters, quality and position. */
export interface MediaRange {
  readonly type: string;
  readonly subtype: string;
  readonly parameters: ReadonlyMap<string, string>;
  readonly quality: number;
  readonly order: number;
}

/** Parses an `Accept` header; ranges keep their order, unreadable ones are dropped, q is clamped to [0, 1]. */
export function parseAcceptHeader(header: string): MediaRange[] {
  return header.split(',').flatMap((part, order): MediaRange[] => {
    const [range = '', ...rawParameters] = part.trim().split(';');
    const [type = '', subtype = ''] = range.trim().toLowerCase().split('/');
    if (type === '' || subtype === '') return [];
    const parameters = new Map<string, string>();
    let quality = 1;
    for (const parameter of rawParameters) {
      const separator = parameter.indexOf('=');
      if (separator < 0) continue;
      const name = parameter.slice(0, separator).trim().toLowerCase();
      const value = parameter
        .slice(separator + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1');
      if (name === 'q') {
        const q = Number(value);
        quality = value !== '' && Number.isFinite(q) ? Math.min(Math.max(q, 0), 1) : 0;
      } else {
        parameters.set(name, value);
      }
    }
    return [{ type, subtype, parameters, quality, order }];
  });
}
