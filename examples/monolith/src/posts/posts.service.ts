import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { RoomsService, type Member } from 'nest-chat-module';

export interface Post {
  id: string;
  title: string;
  authorId: string;
  /** A draft's comments are open to its author only. */
  draft: boolean;
}

/** The room every open page joins to learn of new posts. */
export const POSTS_ROOM = 'posts';

/** The chat room of a post's comments. */
export const commentsRoom = (post: Pick<Post, 'id'>) => `post:${post.id}`;

@Injectable()
export class PostsService {
  private readonly posts = new Map<string, Post>();

  constructor(private readonly rooms: RoomsService) {}

  /** Published posts, and the drafts of `viewer`. */
  list(viewer?: string): Post[] {
    return [...this.posts.values()].filter(
      (post) => !post.draft || post.authorId === viewer,
    );
  }

  find(id: string): Post | undefined {
    return this.posts.get(id);
  }

  /**
   * Stores the post and opens its comments room with a first message from
   * the author; a published post is announced to every open page.
   */
  async create(author: Member, title: string, draft = false): Promise<Post> {
    const post = { id: randomUUID(), title, authorId: author.userId, draft };
    this.posts.set(post.id, post);
    await this.rooms.publishToRoom(
      commentsRoom(post),
      `Comments on “${title}” are open`,
      { from: author },
    );
    if (!draft) {
      await this.rooms.publishToRoom(POSTS_ROOM, `New post: ${title}`);
    }
    return post;
  }
}
