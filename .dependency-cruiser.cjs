/**
 * `npm run check:cycles` (CI runs it): no import cycle in src/, and the
 * transport never imports a gateway (gateways register with `FastPath`).
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle: split the shared part into a file of its own.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'transport-not-to-gateways',
      severity: 'error',
      comment: 'The Socket.IO transport serves gateways; it never imports one.',
      from: { path: '^src/chat/transport/' },
      to: { path: '^src/chat/gateways/' },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
  },
};
