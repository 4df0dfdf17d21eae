import type { Server } from 'socket.io';

/** Set on a Socket.IO server `ChatIoAdapter` created (what `ChatGateway` checks). */
const CHAT_IO_ADAPTER = Symbol('chat:ioAdapter');
type MarkedServer = Server & { [CHAT_IO_ADAPTER]?: true };

export const markChatServer = (server: Server): void => {
  (server as MarkedServer)[CHAT_IO_ADAPTER] = true;
};

/** Whether `server` was created by `ChatIoAdapter` (its options and bounds apply). */
export const isChatServer = (server: Server): boolean =>
  (server as MarkedServer)[CHAT_IO_ADAPTER] === true;
