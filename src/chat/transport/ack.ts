import type { AckSuccess } from '../contract/events.js';

/** A successful ack in the contract's shape (failures come from the exception filter). */
export const ok = <T>(data: T): AckSuccess<T> => ({ ok: true, data });
