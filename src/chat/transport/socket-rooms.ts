/**
 * Socket.IO room names. Every socket already sits in a room named after its
 * own id (letters, digits, `_` and `-`); client-chosen rooms and per-user
 * rooms get prefixes with a `/`, which no socket id contains, so no name a
 * client picks can reach another socket's or user's private traffic.
 */
export const chatRoomKey = (room: string) => `room/${room}`;
export const userRoomKey = (userId: string) => `user/${userId}`;

const CHAT_ROOM_PREFIX = chatRoomKey('');

/** The chat rooms among a socket's Socket.IO rooms (those a recovered socket gets back). */
export function chatRoomsOf(socketRooms: Iterable<string>): string[] {
  return Array.from(socketRooms)
    .filter((key) => key.startsWith(CHAT_ROOM_PREFIX))
    .map((key) => key.slice(CHAT_ROOM_PREFIX.length));
}
