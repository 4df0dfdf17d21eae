import { IsInt, IsOptional, Min } from 'class-validator';
import { OptionalSeq } from './sequence.js';
import { DecimalInt } from './transforms.js';

/** `?limit=&before=&after=` of the HTTP history route: plain decimal digits, or `400`. */
export class MessagesQueryDto {
  @IsOptional()
  @DecimalInt()
  @IsInt()
  @Min(1)
  limit?: number;

  @DecimalInt()
  @OptionalSeq()
  before?: number;

  @DecimalInt()
  @OptionalSeq()
  after?: number;
}
