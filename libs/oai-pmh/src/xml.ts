/** Escapes text for element content and double-quoted attribute values. */
export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&${ENTITIES[c] ?? ''};`);
}

const ENTITIES: Readonly<Record<string, string>> = {
  '&': 'amp',
  '<': 'lt',
  '>': 'gt',
  '"': 'quot',
  "'": 'apos',
};

/** `YYYY-MM-DDThh:mm:ssZ`, the repository's (seconds) granularity. */
export function utcSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function leaf(name: string, text: string): string {
  return `<${name}>${escapeXml(text)}</${name}>`;
}
