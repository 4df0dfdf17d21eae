// The webhook endpoint of `npm run bench -- --webhooks`: answers every
// request 204 once its body is read, in the bench's own process (its CPU is
// not the server's). Signatures are not checked here: the tests do that.
import http from 'node:http';

const PORT = 3950;

/** What a server with webhooks is started with. */
export const WEBHOOK_ENV = {
  CHAT_WEBHOOK_URL: `http://127.0.0.1:${PORT}/hooks`,
  CHAT_WEBHOOK_SECRET: `whsec_${Buffer.from('bench webhook key').toString('base64')}`,
};

export async function startWebhookReceiver() {
  let answered = 0;
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      answered++;
      response.writeHead(204).end();
    });
  });
  await new Promise((resolve) => server.listen(PORT, '127.0.0.1', resolve));
  return {
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      return answered;
    },
  };
}
