import type { JoinPayload } from '../contract/events.js';
import { RoomDto } from './room.dto.js';
import { OptionalSeq } from './sequence.js';

export class JoinRoomDto extends RoomDto implements JoinPayload {
  /** The highest seq the client has seen. */
  @OptionalSeq()
  since?: number;
}
