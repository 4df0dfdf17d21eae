import { IsBoolean, IsOptional } from 'class-validator';
import type { BroadcastPayload } from '../contract/events.js';
import { TextDto } from './text.dto.js';

export class BroadcastMessageDto extends TextDto implements BroadcastPayload {
  @IsOptional()
  @IsBoolean()
  includeSelf?: boolean;
}
