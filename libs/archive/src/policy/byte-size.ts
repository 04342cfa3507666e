/**
 * Byte sizes as policies write them: a whole number of bytes, or a number with a unit, `"100 GiB"`,
 * `"500 MB"`, `"1.5 TiB"`. IEC units are powers of 1024, SI units powers of 1000. `KB` is refused on
 * purpose: it means 1000 to some readers and 1024 to others; write `kB` or `KiB`.
 */

export const BYTE_UNITS: Readonly<Record<string, bigint>> = {
  B: 1n,
  kB: 1000n,
  MB: 1000n ** 2n,
  GB: 1000n ** 3n,
  TB: 1000n ** 4n,
  PB: 1000n ** 5n,
  EB: 1000n ** 6n,
  KiB: 1024n,
  MiB: 1024n ** 2n,
  GiB: 1024n ** 3n,
  TiB: 1024n ** 4n,
  PiB: 1024n ** 5n,
  EiB: 1024n ** 6n,
};

const UNIT_NAMES = Object.keys(BYTE_UNITS);

/** The JSON Schema pattern that matches exactly the strings {@link parseByteSize} accepts. */
export const BYTE_SIZE_PATTERN = `^[0-9]+(?:\\.[0-9]+)? ?(?:${UNIT_NAMES.join('|')})?$`;

const SIZE = new RegExp(`^(\\d+)(?:\\.(\\d+))? ?(${UNIT_NAMES.join('|')})?$`);

/**
 * The number of bytes in `value`: a non-negative safe integer as is, or a string `<number>[ ][unit]`
 * with one of {@link BYTE_UNITS} (no unit means bytes). The result must be a whole number of bytes
 * (`"1.5 KiB"` is 1536, `"0.1 KiB"` is refused) and a safe integer. Throws `RangeError` otherwise.
 */
export function parseByteSize(value: number | string): number {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`${value} is not a whole, non-negative number of bytes`);
    }
    return value;
  }
  const match = SIZE.exec(value);
  if (match === null) {
    const hint = /^\d+(?:\.\d+)? ?KB$/.test(value)
      ? ' ("KB" is ambiguous: write kB for 1000 or KiB for 1024)'
      : '';
    throw new RangeError(
      `"${value}" is not a byte size such as 1048576, "500 MB" or "100 GiB" (units: ${UNIT_NAMES.join(', ')})${hint}`,
    );
  }
  const [, whole = '0', fraction = '', unit = 'B'] = match;
  const multiplier = BYTE_UNITS[unit] ?? 1n;
  // Exact decimal arithmetic: "1.1 MB" is 1 100 000 bytes, not 1 100 000.0000000002.
  const scale = 10n ** BigInt(fraction.length);
  const scaled = (BigInt(whole) * scale + BigInt(fraction === '' ? '0' : fraction)) * multiplier;
  if (scaled % scale !== 0n) throw new RangeError(`"${value}" is not a whole number of bytes`);
  const bytes = scaled / scale;
  if (bytes > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`"${value}" is too large (more than 2^53 - 1 bytes)`);
  }
  return Number(bytes);
}

/** `bytes` in the largest IEC unit that keeps it readable, e.g. `100 GiB`, `1.5 MiB`, `512 B`. */
export function formatByteSize(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'] as const;
  let value = bytes;
  let index = 0;
  while (value >= 1024 && index < units.length - 1) {
    value /= 1024;
    index += 1;
  }
  const rounded = index === 0 ? String(value) : String(Math.round(value * 100) / 100);
  return `${rounded} ${units[index] ?? 'B'}`;
}
