// Refusals shown to the person: the server's code, its field rules, a hint.
import { $ } from './dom.js';

/** What the page shows of a refusal (a `ChatError`, an `exception` event, a handshake refusal). */
export interface Refusal {
  code: string;
  message: string;
  details?: unknown;
}

/** What each refusal means for the person, in a sentence (the server's own message otherwise). */
const SENTENCES: Record<string, string> = {
  RATE_LIMITED: 'You are sending too fast: wait a moment',
  ROOM_LIMIT: 'You are in too many rooms: leave one first',
  NOT_IN_ROOM: 'Join the room first',
  UNAVAILABLE:
    'The server cannot store messages right now: try again in a moment',
  TIMEOUT: 'The server did not answer',
  UNAUTHORIZED: 'The server refused to sign you in',
  INVALID_HANDSHAKE:
    'That nickname cannot be used: 1 to 32 characters, no control characters',
};

/** The rule of each field a person can get wrong from this page. */
const FIELD_RULES: Record<string, string> = {
  room: 'A room name is 1 to 64 letters, digits or . _ : - and starts with a letter or digit',
};

/** The fields of a `VALIDATION_FAILED` refusal (`details`: `{ field, errors }[]`), as sentences. */
function fieldRules(details: unknown): string[] {
  if (!Array.isArray(details)) return [];
  return details.map((entry: unknown) => {
    const { field, errors } = (entry ?? {}) as {
      field?: unknown;
      errors?: unknown;
    };
    const rule = typeof field === 'string' ? FIELD_RULES[field] : undefined;
    return rule ?? (Array.isArray(errors) ? errors.join('; ') : String(field));
  });
}

let hideTimer: ReturnType<typeof setTimeout> | undefined;

/** A refusal as a sentence, with the contract's code after it. */
export function showError(error: Refusal): void {
  const box = $('error');
  const rules = fieldRules(error.details);
  const sentence = rules.length
    ? rules.join('. ')
    : (SENTENCES[error.code] ?? error.message);
  box.textContent = `${sentence} (${error.code})`;
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
