// Refusals shown to the person: the server's code, its field rules, a hint.
import { $ } from './dom.js';

/** What the page shows of a refusal (a `ChatError`, an `exception` event, a handshake refusal). */
export interface Refusal {
  code: string;
  message: string;
  details?: unknown;
}

const HINTS: Record<string, string> = {
  RATE_LIMITED: 'slow down',
  ROOM_LIMIT: 'leave a room first',
  FORBIDDEN: 'not allowed',
  NOT_IN_ROOM: 'join the room first',
  UNAVAILABLE: 'try again in a moment',
  TIMEOUT: 'the server did not answer',
};

/** The field rules of a `VALIDATION_FAILED` refusal (`details`: `{ field, errors }[]`). */
function rulesOf(details: unknown): string[] {
  if (!Array.isArray(details)) return [];
  return details.flatMap((field: unknown) => {
    const errors = (field as { errors?: unknown } | null)?.errors;
    return Array.isArray(errors) ? errors.map(String) : [];
  });
}

let hideTimer: ReturnType<typeof setTimeout> | undefined;

export function showError(error: Refusal): void {
  const box = $('error');
  const hint = HINTS[error.code] ? ` (${HINTS[error.code]})` : '';
  const rules = rulesOf(error.details);
  box.textContent = `${error.code}: ${rules.length ? rules.join('; ') : error.message}${hint}`;
  box.style.display = 'block';
  clearTimeout(hideTimer);
  hideTimer = setTimeout(() => (box.style.display = 'none'), 4000);
}

/** A client call whose refusal is shown to the person (and passed on). */
export async function attempt<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    showError(error as Refusal);
    throw error;
  }
}

/** Lets a promise fail silently (its refusal was shown already, or does not matter). */
export const quietly = (promise: Promise<unknown>): void => {
  promise.catch(() => undefined);
};
