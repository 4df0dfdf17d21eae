/**
 * `nest-chat-module/client`: the front end's entry (browsers and Node). It
 * depends on nothing but `socket.io-client`; the server's code is not
 * imported, only the contract's types.
 */
export {
  ChatClient,
  createChatClient,
  type ChatClientEvents,
  type ChatClientOptions,
} from './chat-client.js';
export { ChatError } from './chat-error.js';
export type * from '../chat/contract/events.js';
export type * from '../chat/contract/admin-events.js';
