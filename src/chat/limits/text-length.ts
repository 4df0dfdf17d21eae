import { ChatError } from '../errors/chat.error.js';

/** Refuses a (trimmed) text longer than the configured bound, as the DTOs word field errors. */
export function checkTextLength(text: string, maxTextLength: number): void {
  if (text.length > maxTextLength) {
    throw ChatError.validation([
      {
        field: 'text',
        errors: [`text must be at most ${maxTextLength} characters`],
      },
    ]);
  }
}
