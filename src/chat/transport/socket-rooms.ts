/**
 * Socket.IO room names. Every socket already sits in a room named after its
 * own id (letters, digits, `_` and `-`); client-chosen rooms and per-user
 * rooms get prefixes with a `/`, which no socket id contains, so no name a
 * client picks can reach another socket's or user's private traffic.
 */
export const chatRoomKey = (room: string) => `room/${room}`;
export const userRoomKey = (userId: string) => `user/${userId}`;
