import {
  Body,
  Controller,
  Get,
  Headers,
  Post,
  UnauthorizedException,
  ValidationPipe,
} from '@nestjs/common';
import {
  IsBoolean,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
} from 'class-validator';
import type { Member } from 'nest-chat-module';
import { SessionTokens } from '../auth/session-tokens.js';
import { PostsService } from './posts.service.js';

class CreatePostDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title!: string;

  @IsOptional()
  @IsBoolean()
  draft?: boolean;
}

@Controller('posts')
export class PostsController {
  constructor(
    private readonly posts: PostsService,
    private readonly tokens: SessionTokens,
  ) {}

  @Get()
  list(@Headers('authorization') authorization?: string) {
    return this.posts.list(this.userOf(authorization)?.userId);
  }

  @Post()
  create(
    @Headers('authorization') authorization: string | undefined,
    @Body(new ValidationPipe()) { title, draft }: CreatePostDto,
  ) {
    const author = this.userOf(authorization);
    if (!author) throw new UnauthorizedException('Sign in to post');
    return this.posts.create(author, title, draft);
  }

  /** The host's session from `Authorization: Bearer <token>`. */
  private userOf(authorization?: string): Member | null {
    const token = authorization?.match(/^Bearer (.+)$/)?.[1];
    return this.tokens.verify(token);
  }
}
