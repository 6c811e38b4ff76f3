import { createServer } from 'node:http';

/**
 * The baseline: a bare node:http server that reads the same body, parses it and answers 202,
 * storing nothing. The ratio app/bare shows what validation, identity and durable writes cost.
 */
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (c: Buffer) => {
    size += c.length;
    chunks.push(c);
  });
  req.on('end', () => {
    if (size > 64 * 1024) {
      res.writeHead(413).end();
      return;
    }
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { events?: unknown[] };
      const n = Array.isArray(body.events) ? body.events.length : 0;
      res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted: n, duplicates: 0, rejected: [] }));
    } catch {
      res.writeHead(400).end();
    }
  });
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') process.stdout.write(JSON.stringify({ port: address.port }) + '\n');
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
