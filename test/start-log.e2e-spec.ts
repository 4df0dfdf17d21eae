import { ChatHarness, until } from './support/harness.js';
import { LogLines as Lines } from './support/log-lines.js';
import { STORE_MODES, type StoreMode } from './support/store-modes.js';

const EXPECTED: Record<string, RegExp> = {
  memory:
    /^\[Chat\] Stores: rooms and presence in memory, history in memory, members and bans in memory$/,
  Redis:
    /^\[Chat\] Stores: rooms and presence in Redis redis:\/\/\S+, history in Redis redis:\/\/\S+, members and bans in Redis redis:\/\/\S+$/,
  PostgreSQL:
    /^\[Chat\] Stores: rooms and presence in memory, history in PostgreSQL postgres:\/\/\S+, members and bans in PostgreSQL postgres:\/\/\S+$/,
};

describe.each(STORE_MODES)(
  'a host’s log at start (%s)',
  (name, describeIf, open) => {
    describeIf(name, () => {
      let mode: StoreMode;
      let chat: ChatHarness | undefined;
      beforeEach(async () => {
        mode = await open();
      });
      afterEach(async () => {
        await chat?.close();
        await mode.close();
      });

      it('names the active stores once, and logs nothing per connection by default', async () => {
        const logger = new Lines();
        chat = await ChatHarness.start(mode.options, { logger });
        await chat.connect('ann');
        const stores = logger.lines.filter((line) => line.includes('Stores:'));
        expect(stores).toHaveLength(1);
        expect(stores[0]).toMatch(EXPECTED[name]);
        expect(logger.lines.join('\n')).not.toMatch(/connected /);
      });
    });
  },
);

describe('logConnections', () => {
  it('adds one verbose line per connect and disconnect', async () => {
    const logger = new Lines();
    const chat = await ChatHarness.start({ logConnections: true }, { logger });
    try {
      const { client, session } = await chat.connect('ann');
      client.disconnect();
      await until(() =>
        logger.lines.some((line) => line.includes('disconnected')),
      );
      expect(logger.lines).toEqual(
        expect.arrayContaining([
          `[Chat] connected ${session.id} (user ${session.userId})`,
          expect.stringContaining(`[Chat] disconnected ${session.id}`),
        ]),
      );
    } finally {
      await chat.close();
    }
  });
});
