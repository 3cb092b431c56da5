// Builds the browser interface into one folder (index.html, app.js, app.css and a
// gzip of each), which CMake embeds in the accord binary. The JavaScript sent to
// the browser must stay under 300 KB compressed: the build fails beyond it.
//   node build.mjs --out DIR
import { build } from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const outFlag = process.argv.indexOf('--out');
const out = outFlag > 0 ? process.argv[outFlag + 1] : join(here, 'dist');
const budget = 300 * 1024;

// Every message key the code names literally exists in both languages, and both have the same keys.
const { messages } = await import('./src/messages.js');
const problems = [];
for (const l of ['en', 'ko']) for (const key of Object.keys(messages[l === 'en' ? 'ko' : 'en']))
  if (!(key in messages[l])) problems.push(`message "${key}" has no ${l} text`);
const sources = readdirSync(join(here, 'src'), { recursive: true }).filter((f) => f.endsWith('.js'));
for (const file of sources) {
  const text = readFileSync(join(here, 'src', file), 'utf8');
  for (const [, key] of text.matchAll(/\bt\('([\w.-]+)'[,)]/g))
    if (!(key in messages.en)) problems.push(`web/src/${file}: message "${key}" is not in messages.js`);
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}

mkdirSync(out, { recursive: true });
const js = await build({
  entryPoints: [join(here, 'src/main.js')],
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  legalComments: 'none',
  write: false,
  logLevel: 'warning',
});
const css = [
  readFileSync(join(here, 'node_modules/prosemirror-view/style/prosemirror.css'), 'utf8'),
  readFileSync(join(here, 'src/app.css'), 'utf8'),
].join('\n');

const files = {
  'index.html': readFileSync(join(here, 'src/index.html')),
  'app.js': Buffer.from(js.outputFiles[0].contents),
  'app.css': Buffer.from(css),
};
let line = [];
for (const [name, bytes] of Object.entries(files)) {
  const gz = gzipSync(bytes, { level: 9 });
  writeFileSync(join(out, name), bytes);
  writeFileSync(join(out, name + '.gz'), gz);
  line.push(`${name} ${(bytes.length / 1024).toFixed(1)} KB (${(gz.length / 1024).toFixed(1)} KB gzip)`);
  if (name === 'app.js' && gz.length > budget) {
    console.error(`web: app.js is ${(gz.length / 1024).toFixed(1)} KB compressed, over the 300 KB budget`);
    process.exit(1);
  }
}
writeFileSync(join(out, 'sizes.txt'), line.join('\n') + '\n');
console.log('web: ' + line.join(', '));
