// Starts fauxqs (S3 + SQS, in memory) on the loopback interface only.
// Its own CLI listens on every interface, so the app is built and bound here instead.
// Usage: node start-fauxqs.mjs <port>
import { buildApp } from 'fauxqs';

const port = Number.parseInt(process.argv[2] ?? '', 10);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error('usage: node start-fauxqs.mjs <port>');
  process.exit(2);
}

const app = buildApp({ logger: false });
await app.listen({ port, host: '127.0.0.1' });
console.log(`fauxqs listening on http://127.0.0.1:${port}`);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    app.close().finally(() => process.exit(0));
  });
}
