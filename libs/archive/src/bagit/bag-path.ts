/**
 * File names in manifests and fetch.txt (RFC 8493 §2.1.3): only CR, LF and '%' are percent-encoded,
 * so that every other Unicode character, spaces included, stays readable.
 */
export function encodeBagPath(path: string): string {
  return path.replace(/[%\r\n]/g, (character) =>
    character === '%' ? '%25' : character === '\r' ? '%0D' : '%0A',
  );
}

/** The inverse of {@link encodeBagPath}; hex is case-insensitive and any other '%' is left as it is. */
export function decodeBagPath(encoded: string): string {
  return encoded.replace(/%(0[dD]|0[aA]|25)/g, (_, hex: string) =>
    hex === '25' ? '%' : hex.toUpperCase() === '0D' ? '\r' : '\n',
  );
}

/** Why an encoded name breaks the encoding rule, or undefined: a '%' must always start %25, %0D or %0A. */
export function bagPathEncodingFault(encoded: string): string | undefined {
  return /%(?!0[dDaA]|25)/.test(encoded)
    ? `contains a '%' that is not percent-encoded (a literal '%' must be written %25)`
    : undefined;
}

/**
 * Why a decoded, '/'-separated relative path could escape the bag or name no single file, or undefined.
 * Backslashes are ordinary characters: BagIt paths use '/' only.
 */
export function relativePathFault(path: string): string | undefined {
  if (path === '') return 'is empty';
  if (path.startsWith('/')) return 'is absolute';
  if (/^[A-Za-z]:/.test(path)) return 'starts with a drive letter';
  if (path.includes('\0')) return 'contains a NUL character';
  for (const segment of path.split('/')) {
    if (segment === '') return path.endsWith('/') ? 'ends with /' : 'has an empty segment (//)';
    if (segment === '.' || segment === '..') return `has a '${segment}' segment`;
  }
  return undefined;
}
