// For working on the pages: serves the built files of DIR and passes /api/ to a
// running accord serve, so a change needs only `node build.mjs --out DIR`.
//   node dev-server.mjs DIR http://127.0.0.1:8470 [PORT]
import { createServer, request } from 'node:http';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const [dir, upstream, port = '8480'] = process.argv.slice(2);
const target = new URL(upstream);
const types = { js: 'text/javascript', css: 'text/css', html: 'text/html' };
createServer((req, res) => {
  if (req.url.startsWith('/api/')) {
    const headers = { ...req.headers, host: target.host };
    if (headers.origin) headers.origin = target.origin;
    const up = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers }, (r) => {
      res.writeHead(r.statusCode, r.headers);
      r.pipe(res);
    });
    req.pipe(up);
    return;
  }
  const name = req.url.startsWith('/assets/') ? req.url.slice(8).split('?')[0] : 'index.html';
  const file = join(dir, name.replace(/[^\w.-]/g, ''));
  if (!existsSync(file)) { res.writeHead(404); res.end(); return; }
  res.writeHead(200, { 'Content-Type': types[name.split('.').pop()] + '; charset=utf-8',
    'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'" });
  res.end(readFileSync(file));
}).listen(Number(port), '127.0.0.1', () => console.log(`http://127.0.0.1:${port}/`));
