import { ForbiddenException, Injectable } from '@nestjs/common';
import type { ChatRoomPolicy, Member } from 'nest-chat-module';
import { PostsService } from './posts.service.js';

/**
 * Who may open a post's comments room (`post:<id>`): any signed-in user
 * (the chat's `authenticate` lets only those in) for a published post, its
 * author alone for a draft. Other rooms are open.
 */
@Injectable()
export class PostRoomPolicy implements ChatRoomPolicy {
  constructor(private readonly posts: PostsService) {}

  canJoin(user: Member, room: string): boolean {
    return this.mayOpen(user, room);
  }

  canRead(user: Member, room: string): boolean {
    return this.mayOpen(user, room);
  }

  private mayOpen(user: Member, room: string): boolean {
    if (!room.startsWith('post:')) return true;
    const post = this.posts.find(room.slice('post:'.length));
    if (!post) throw new ForbiddenException('There is no such post');
    if (post.draft && post.authorId !== user.userId) {
      throw new ForbiddenException(
        'This post is a draft: only its author may open its comments',
      );
    }
    return true;
  }
}
