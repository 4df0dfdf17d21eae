/** The package entry: the drop-in module and the contract's types. */
export * from './chat/index.js';
