import { Body, Controller, Get, Post, ValidationPipe } from '@nestjs/common';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { PostsService } from './posts.service.js';

class CreatePostDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title!: string;
}

@Controller('posts')
export class PostsController {
  constructor(private readonly posts: PostsService) {}

  @Get()
  list() {
    return this.posts.list();
  }

  @Post()
  create(@Body(new ValidationPipe()) { title }: CreatePostDto) {
    return this.posts.create(title);
  }
}
