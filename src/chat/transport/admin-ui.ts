import { instrument } from '@socket.io/admin-ui';
import type { Server } from 'socket.io';
import type { ResolvedChatOptions } from '../module/chat-options.interface.js';

/** Socket.IO's Admin UI, read-only and behind basic auth, when the `adminUi` option asks for it. */
export function instrumentAdminUi(
  server: Server,
  adminUi: ResolvedChatOptions['adminUi'],
): void {
  if (!adminUi) return;
  instrument(server, {
    namespaceName: adminUi.namespace ?? '/socket.io-admin',
    auth: {
      type: 'basic',
      username: adminUi.username,
      password: adminUi.passwordHash,
    },
    readonly: true,
    mode: 'production',
  });
}
