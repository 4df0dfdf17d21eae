/** The wire contract as types: both namespaces' event maps, payloads, acks and error codes. */
export * from './events.js';
export * from './admin-events.js';
export * from './error-code.enum.js';
