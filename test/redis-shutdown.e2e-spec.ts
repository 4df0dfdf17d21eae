import { ChatHarness } from './support/harness.js';
import {
  deleteKeys,
  describeWithRedis,
  freshPrefix,
  REDIS_URL,
} from './support/redis.js';

describeWithRedis('closing an app on Redis', () => {
  let prefix: string;
  beforeEach(() => {
    prefix = freshPrefix();
  });
  afterEach(() => deleteKeys(prefix));

  // The streams adapter's subscriber queued its SUBSCRIBEs while it
  // connected; closed before it was ready, each was flushed with
  // "Connection is closed." and nothing handled the rejection (Jest fails
  // this test on an unhandled rejection).
  it('closes right after starting without an unhandled rejection', async () => {
    const chat = await ChatHarness.start({
      redis: { url: REDIS_URL, keyPrefix: prefix },
    });
    await chat.close();
    await new Promise((resolve) => setTimeout(resolve, 300));
  });
});
