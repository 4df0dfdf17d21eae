import { IsNotEmpty, IsString } from 'class-validator';
import { Trim } from './transforms.js';

/** A message text, trimmed; its upper bound is configured and checked by `RoomsService`. */
export class TextDto {
  @Trim()
  @IsString()
  @IsNotEmpty()
  text!: string;
}
