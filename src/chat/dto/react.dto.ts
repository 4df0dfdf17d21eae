import { IsBoolean, Matches } from 'class-validator';
import type { ReactPayload } from '../contract/events.js';
import { EMOJI_PATTERN } from '../module/chat.constants.js';
import { MessageRefDto } from './message-ref.dto.js';

/** `message:react`: one emoji of the user on a room message, on or off. */
export class ReactDto extends MessageRefDto implements ReactPayload {
  @Matches(EMOJI_PATTERN, {
    message:
      'emoji must be 1-16 characters, without whitespace or control characters, and not only invisible ones',
  })
  emoji!: string;

  @IsBoolean()
  on!: boolean;
}
