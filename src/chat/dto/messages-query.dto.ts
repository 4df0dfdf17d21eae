import { IsInt, IsOptional, Min } from 'class-validator';
import { DecimalInt } from './transforms.js';

/** `?limit=` of the HTTP history route: plain decimal digits, or `400`. */
export class MessagesQueryDto {
  @IsOptional()
  @DecimalInt()
  @IsInt()
  @Min(1)
  limit?: number;
}
