import { Transform } from 'class-transformer';

/** Trims strings and leaves anything else for the type check to refuse. */
export const Trim = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim() : value,
  );

/**
 * A query-string integer: plain decimal digits only (`0x10`, ` 1`, `1e2`,
 * `limit[]=1` stay as they are, for `IsInt` to refuse).
 */
export const DecimalInt = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^[0-9]{1,15}$/.test(value)
      ? Number(value)
      : value,
  );
