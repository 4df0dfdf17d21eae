import { Module } from '@nestjs/common';
import { PostsController } from './posts.controller.js';
import { PostsService } from './posts.service.js';

/** RoomsService comes from ChatModule, registered with `isGlobal: true`. */
@Module({
  controllers: [PostsController],
  providers: [PostsService],
})
export class PostsModule {}
