import { OptionalClientMessageId } from './sequence.js';
import { TextDto } from './text.dto.js';

/** The body of `POST /api/rooms/:room/messages`. */
export class PushMessageDto extends TextDto {
  @OptionalClientMessageId()
  clientMessageId?: string;
}
