// Baseline for the `healthz` benchmark: a bare node:http server answering GET /healthz with the
// same JSON body as Metamorph. Plain JavaScript, run in its own process with plain `node`, so
// that it is measured exactly like the compiled server.
import http from 'node:http';

const version = process.env.BARE_VERSION ?? '0.0.0';
const started = performance.now();

const server = http.createServer((req, res) => {
  if (req.url === '/healthz' || req.url === '/readyz') {
    const uptime = Math.floor((performance.now() - started) / 1000);
    const body = JSON.stringify({ status: 'ok', version, uptime_s: uptime });
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
    return;
  }
  res.writeHead(404).end();
});

server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1');
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
