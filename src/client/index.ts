/**
 * `nest-chat-module/client`: the front end's entry (browsers and Node). It
 * depends on nothing but `socket.io-client`; the server's code is not
 * imported, only the contract's types.
 */
export { ChatClient, createChatClient } from './chat-client.js';
export type { ChatClientEvents, ChatClientOptions } from './client-options.js';
export type { TokenSource } from './session-token.js';
export { ChatError } from './chat-error.js';
export type * from '../chat/contract/events.js';
export type * from '../chat/contract/admin-events.js';
