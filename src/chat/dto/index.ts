export * from './broadcast-message.dto.js';
export * from './history-query.dto.js';
export * from './private-message.dto.js';
export * from './room.dto.js';
export * from './send-message.dto.js';
export * from './text.dto.js';
export * from './typing.dto.js';
