// The browser tests of the web interface: Debian's chromium, driven by
// playwright-core, against `accord serve` on a loopback port, with the example
// coalition's workspace. Each scenario is what the issue asks a person to be able
// to do; screenshots of each step go to OUT/.
//   node e2e.mjs ACCORD OUT
import { chromium } from '../../web/node_modules/playwright-core/index.mjs';
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdirSync, rmSync, readFileSync, openSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

const here = dirname(fileURLToPath(import.meta.url));
const accord = resolve(process.argv[2]);
const outArg = process.argv[3];
const out = resolve(outArg || 'web-e2e');
const password = '긴 비밀번호 correct horse 42';
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const ws = join(out, 'workspace');
execFileSync('bash', [join(here, 'workspace.sh'), accord, ws, password], { stdio: 'inherit' });

const port = await new Promise((done) => { const s = createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => done(p)); }); });
const base = `http://127.0.0.1:${port}`;
const log = openSync(join(out, 'serve.log'), 'w');
const server = spawn(accord, ['serve', '--listen', `127.0.0.1:${port}`, '--state-dir', ws + '-state', '-C', ws], { stdio: ['ignore', log, log] });
// However the test ends, the server ends with it.
process.on('exit', () => server.kill('SIGTERM'));
for (let i = 0; ; i++) {
  try { if ((await fetch(base + '/api/v1/session')).ok) break; } catch { /* not yet */ }
  if (i > 100) throw new Error('accord serve did not start');
  await new Promise((r) => setTimeout(r, 100));
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const problems = [];
let shot = 0;
async function person(user, lang, options = {}) {
  const context = await browser.newContext({ locale: lang === 'ko' ? 'ko-KR' : 'en-GB', baseURL: base, acceptDownloads: true, ...options });
  context.setDefaultTimeout(15000);
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`${user}: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push(`${user}: ${m.text()}`); });
  page.on('dialog', (d) => { if (d.type() === 'alert') problems.push(`${user}: an alert ran: ${d.message()}`); d.accept(); });
  page.snap = async (name) => page.screenshot({ path: join(out, `${String(++shot).padStart(2, '0')}-${name}.png`), fullPage: true });
  if (user) {
    await page.goto('/signin');
    await page.fill('#user', user);
    await page.fill('#password', password);
    await page.click('form button[type=submit]');
    await page.waitForURL((u) => !u.pathname.startsWith('/signin'));
  }
  return page;
}
const notice = (page) => page.locator('#status .notice');
const api = async (page, path) => (await page.request.get('/api/v1' + path)).json();
async function typeRich(page, id, parts) {
  const box = page.locator('#' + id);
  await box.click();
  await page.keyboard.press('Control+End');
  for (const part of parts) {
    if (part.em) { await page.keyboard.press('Control+i'); await page.keyboard.type(part.em); await page.keyboard.press('Control+i'); }
    else if (part.note) {
      await page.keyboard.press('Control+Alt+f');
      await page.fill('#note-text', part.note);
      await page.locator('dialog button[value=ok]').click();
    } else await page.keyboard.type(part);
  }
}
const step = (text) => console.log('web e2e: ' + text);

// 1. A drafter signs in with the Korean interface, writes a recommendation with a
//    footnote and emphasis in both languages, edits another, and opens a proposal.
step('1. a drafter writes in Korean and English and proposes');
const an = await person('an', 'ko');
await an.getByRole('heading', { level: 1, name: '제출 문서' }).waitFor();
await an.getByRole('link', { name: '제4차 국가인권정책기본계획' }).click();
await an.getByRole('link', { name: '여기에 권고 추가' }).first().click();
await an.waitForURL(/\/new\?draft=jumw-an&section=labour/);
await an.fill('#rec-id', 'seasonal-housing');
await an.fill('#title-ko', '계절노동자 숙소 기준');
await an.fill('#title-en', 'Housing standards for seasonal workers <script>alert(1)</script>');
await typeRich(an, 'text-ko', ['계절노동자에게 ', { em: '적정한 숙소' }, '를 보장할 것.', { note: '「근로기준법」 제100조' }]);
await typeRich(an, 'text-en', ['Guarantee ', { em: 'decent housing' }, ' to seasonal workers.', { note: 'Labour Standards Act, article 100.' }]);
await an.getByLabel('이주노동자 연대노조').check();
await an.getByLabel('경남 이주민공동체센터').check();
await an.snap('ko-new-recommendation');
await an.getByRole('button', { name: '저장', exact: true }).click();
await an.waitForURL(/\/r\/seasonal-housing\?rev=jumw-an/);
await notice(an).waitFor();
assert.match(await notice(an).textContent(), /저장했습니다/);
// The notice belongs to the save: the next page in the app shows none.
await an.locator('nav.crumbs a').first().click();
await an.locator('.toc').waitFor();
assert.equal(await notice(an).count(), 0, 'an old notice is not carried to the next page');
await an.goBack();
await an.locator('.rec').first().waitFor();
await an.getByText('Housing standards for seasonal workers <script>alert(1)</script>').first().waitFor();
assert.equal(await an.locator('script').count(), 1, 'a script typed into a title is text, not a script');
const written = await api(an, '/documents/nap4-migrants/recommendations/seasonal-housing?rev=jumw-an');
assert.deepEqual(written.texts.find((t) => t.lang === 'ko').paragraphs,
  [['계절노동자에게 ', { em: ['적정한 숙소'] }, '를 보장할 것.', { note: ['「근로기준법」 제100조'] }]]);
assert.deepEqual(written.texts.find((t) => t.lang === 'en').paragraphs,
  [['Guarantee ', { em: ['decent housing'] }, ' to seasonal workers.', { note: ['Labour Standards Act, article 100.'] }]]);
assert.deepEqual(written.endorsements.sort(), ['gnmc', 'jumw']);
await an.snap('ko-recommendation-saved');

await an.goto('/documents/nap4-migrants/r/departure-insurance/edit?draft=jumw-an');
await typeRich(an, 'text-en', [' Pay it within fourteen days of departure.']);
await an.getByRole('button', { name: '저장', exact: true }).click();
await an.waitForURL(/\/r\/departure-insurance\?rev=jumw-an/);
await an.goto('/drafts/jumw-an');
await an.locator('ins', { hasText: 'Pay it within fourteen days of departure.' }).waitFor();
await an.fill('#proposal-title', '계절노동자 숙소와 출국만기보험');
await an.getByRole('button', { name: '제안 열기' }).click();
await an.waitForURL(/\/proposals\//);
const proposal = new URL(an.url()).pathname;
await an.getByRole('heading', { name: /계절노동자 숙소와 출국만기보험/ }).waitFor();
await an.snap('ko-proposal-opened');
// The English alone changed: the check shows the Korean text behind, and the drafter says it still holds.
await an.goto('/documents/nap4-migrants/check?rev=jumw-an');
const confirmKo = an.locator('button[data-confirm="departure-insurance/ko"]');
await confirmKo.waitFor();
await an.locator('li', { has: confirmKo }).getByText('번역 확인 필요').waitFor();
// The finding itself is written in Korean for a Korean reader, not in the server's English.
await an.locator('li', { has: confirmKo }).getByText(/권고 departure-insurance: 한국어 문장이 뒤처졌을 수 있습니다/).waitFor();
await confirmKo.click();
await an.getByText('확인했습니다: 한국어 문장은 다른 언어와 같은 뜻입니다.').waitFor();
// The page is read again: a confirmed translation is no longer behind.
await an.locator('button[data-confirm="departure-insurance/ko"]').waitFor({ state: 'detached' });
await an.getByRole('heading', { name: /점검 및 내려받기/ }).waitFor();
assert.equal(await an.locator('button[data-confirm="departure-insurance/ko"]').count(), 0, 'a confirmed translation is no longer behind');

// 3. Two drafters edit different recommendations of the same draft at the same
//    time, and neither loses anything; then the same words: the clash is shown and settled.
step('3. two drafters edit one draft at once');
const tuan = await person('tuan', 'en');
await an.goto('/documents/nap4-migrants/r/accident-statistics/edit?draft=jumw-an');
await tuan.goto('/documents/nap4-migrants/r/seasonal-recruitment-fees/edit?draft=jumw-an');
await an.fill('#title-en', 'Publish accident statistics by nationality every year');
await tuan.fill('#title-en', 'No recruitment fees for seasonal workers, ever');
await an.getByRole('button', { name: '저장', exact: true }).click();
await an.waitForURL(/\/r\/accident-statistics\?rev=jumw-an/);
await tuan.getByRole('button', { name: 'Save', exact: true }).click();
await tuan.waitForURL(/\/r\/seasonal-recruitment-fees\?rev=jumw-an/);
await notice(tuan).waitFor();
assert.match(await notice(tuan).textContent(), /Another person’s edit made meanwhile was kept too/);
const bothDoc = await api(an, '/documents/nap4-migrants?rev=jumw-an');
const titleOf = (doc, id) => {
  const all = (sections) => sections.flatMap((s) => [...(s.recommendations || []), ...all(s.sections || [])]);
  return all(doc.sections).find((r) => r.id === id).titles.find((x) => x.lang === 'en').text;
};
assert.equal(titleOf(bothDoc, 'accident-statistics'), 'Publish accident statistics by nationality every year');
assert.equal(titleOf(bothDoc, 'seasonal-recruitment-fees'), 'No recruitment fees for seasonal workers, ever');

await an.goto('/documents/nap4-migrants/r/eps-job-mobility/edit?draft=jumw-an');
await tuan.goto('/documents/nap4-migrants/r/eps-job-mobility/edit?draft=jumw-an');
await an.fill('#title-en', 'Freedom to change workplaces, at once');
await tuan.fill('#title-en', 'Freedom to change workplaces, without conditions');
await an.getByRole('button', { name: '저장', exact: true }).click();
await an.waitForURL(/\/r\/eps-job-mobility\?rev=jumw-an/);
await tuan.getByRole('button', { name: 'Save', exact: true }).click();
await tuan.getByRole('heading', { name: 'Someone changed the same words meanwhile' }).waitFor();
await tuan.getByText('Freedom to change workplaces, at once').first().waitFor();
await tuan.snap('en-clash');
await tuan.getByRole('button', { name: 'Save my version over it' }).click();
await tuan.waitForURL(/\/r\/eps-job-mobility\?rev=jumw-an/);
assert.equal(titleOf(await api(an, '/documents/nap4-migrants?rev=jumw-an'), 'eps-job-mobility'), 'Freedom to change workplaces, without conditions');

// 2. A reviewer of an endorsing organisation comments on a quoted phrase and requests
//    changes; the drafter answers and fixes; every endorsing organisation approves,
//    and the page shows at each step who is still missing.
step('2. review: a quoted comment, a request, an answer, approvals');
const awaiting = async (page) => (await page.locator('.awaiting li strong').allTextContents()).sort();
// What the page shows settles after the requests it makes: ask again until it is as expected, for up to 10 s.
async function eventually(read, expected) {
  let seen;
  for (let i = 0; i < 50; i++) {
    seen = await read();
    try { assert.deepEqual(seen, expected); return; } catch { await new Promise((r) => setTimeout(r, 200)); }
  }
  assert.deepEqual(seen, expected);
}
const sungmin = await person('sungmin', 'en');
await sungmin.goto(proposal);
await eventually(() => awaiting(sungmin), ['Gyeongnam Migrant Community Centre', 'Joint Union of Migrant Workers', "Migrant Rights Lawyers' Forum (coalition secretariat)"]);
await sungmin.evaluate(() => {
  const part = document.querySelector('.change[data-part=seasonal-housing]');
  const walker = document.createTreeWalker(part, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const at = n.data.indexOf('decent housing');
    if (at >= 0) { const r = document.createRange(); r.setStart(n, at); r.setEnd(n, at + 14); getSelection().removeAllRanges(); getSelection().addRange(r); return; }
  }
});
await sungmin.locator('.change[data-part=seasonal-housing]').getByRole('button', { name: 'Comment on this' }).click();
assert.equal(await sungmin.inputValue('#review-quote'), 'decent housing');
assert.equal(await sungmin.inputValue('#review-on'), 'seasonal-housing');
await sungmin.fill('#review-message', 'Say what “decent” means: the ILO standard on workers’ housing.');
await sungmin.getByRole('button', { name: 'Send' }).click();
await sungmin.locator('.event blockquote', { hasText: 'decent housing' }).waitFor();
await sungmin.selectOption('#verdict', 'request-changes');
await sungmin.fill('#review-message', 'Please name the standard before we sign.');
await sungmin.getByRole('button', { name: 'Send' }).click();
await sungmin.locator('.event.verdict-request-changes').waitFor();
await sungmin.snap('en-review-requested');

await an.goto(proposal);
await an.getByRole('button', { name: '답글' }).first().waitFor();
assert.equal(await an.getByRole('button', { name: '해결' }).count(), 0, 'the author cannot resolve the reviewer\'s thread');
await an.getByRole('button', { name: '답글' }).first().click();
await an.fill('#review-message', '국제노동기구(ILO) 권고 제115호를 기준으로 명시하겠습니다.');
await an.getByRole('button', { name: '보내기' }).click();
await an.locator('.event.reply .message', { hasText: 'ILO' }).waitFor();
await an.getByText('#2 의견에 답했습니다').waitFor();
await an.goto('/documents/nap4-migrants/r/seasonal-housing/edit?draft=jumw-an');
await typeRich(an, 'text-en', [' Housing must meet ILO Recommendation No. 115.']);
await an.getByRole('button', { name: '저장', exact: true }).click();
await an.waitForURL(/\/r\/seasonal-housing\?rev=jumw-an/);

const bich = await person('bich', 'en');
await bich.goto(proposal);
await bich.selectOption('#verdict', 'approve');
await bich.getByRole('button', { name: 'Send' }).click();
await bich.locator('.event.verdict-approve').waitFor();
await eventually(() => awaiting(bich), ['Gyeongnam Migrant Community Centre', "Migrant Rights Lawyers' Forum (coalition secretariat)"]);

await sungmin.goto(proposal);
await sungmin.getByRole('button', { name: 'Resolve' }).first().click();
await sungmin.locator('.event-resolve').waitFor();
await sungmin.selectOption('#verdict', 'approve');
await sungmin.getByRole('button', { name: 'Send' }).click();
await sungmin.locator('.event.verdict-approve').nth(1).waitFor();
await eventually(() => awaiting(sungmin), ["Migrant Rights Lawyers' Forum (coalition secretariat)"]);
assert.equal(await sungmin.getByRole('button', { name: 'Land the proposal' }).count(), 0, 'no land button before the policy holds');
await sungmin.getByText('It can land once everyone above has approved.').waitFor();

// 4. The secretariat approves and lands, checks, and downloads the DOCX.
step('4. the secretariat lands, checks and downloads');
const minji = await person('minji', 'ko');
await minji.goto(proposal);
await minji.selectOption('#verdict', 'approve');
await minji.getByRole('button', { name: '보내기' }).click();
await minji.getByRole('button', { name: '제안 반영' }).waitFor();
await eventually(() => awaiting(minji), []);
await minji.snap('ko-ready-to-land');
await minji.getByRole('button', { name: '제안 반영' }).click();
await minji.locator('.badge.state-landed').first().waitFor();
// For a member who reads Word: the landed proposal as tracked changes, each with its author.
const [redlineDownload] = await Promise.all([minji.waitForEvent('download'), minji.locator('a[data-redline=en]').first().click()]);
const redlineDocx = join(out, 'proposal.redline.en.docx');
await redlineDownload.saveAs(redlineDocx);
const inserted = execFileSync('/usr/bin/python3', ['-c', [
  'import sys, zipfile, xml.etree.ElementTree as ET',
  "W = '{http://schemas.openxmlformats.org/wordprocessingml/2006/main}'",
  "root = ET.fromstring(zipfile.ZipFile(sys.argv[1]).read('word/document.xml'))",
  "for e in root.iter(W + 'ins'):",
  "    text = ''.join(x.text or '' for x in e.iter(W + 't'))",
  "    if text: print(e.get(W + 'author'), '|', text)"].join('\n'), redlineDocx]).toString();
assert.match(inserted, /Nguyen Van An \| [^\n]*ILO Recommendation/);
await minji.goto('/proposals?state=all');
await minji.getByRole('link', { name: /계절노동자 숙소와 출국만기보험/ }).waitFor();
await minji.goto('/documents/nap4-migrants/check');
await minji.getByRole('heading', { name: /점검 및 내려받기/ }).waitFor();
await minji.snap('ko-check');
const [download] = await Promise.all([minji.waitForEvent('download'), minji.locator('a[data-format=docx][data-lang=en]').click()]);
const docx = join(out, 'nap4-migrants.en.docx');
await download.saveAs(docx);
const paragraphs = execFileSync('/usr/bin/python3', ['-c', 'import docx,sys\nfor p in docx.Document(sys.argv[1]).paragraphs: print(p.text)', docx]).toString();
assert.match(paragraphs, /Housing standards for seasonal workers <script>alert\(1\)<\/script>/);
assert.match(paragraphs, /Housing must meet ILO Recommendation No\. 115\./);

// Sections, and the conflicts of merging two drafts, settled in the page.
step('sections; merging drafts and settling a conflict');
await an.goto('/documents/nap4-migrants?rev=jumw-an');
await an.getByRole('link', { name: '장 추가' }).click();
await an.fill('#sec-id', 'agriculture');
await an.fill('#heading-ko', '농업 이주노동자');
await an.fill('#heading-en', 'Migrant workers in agriculture');
await an.getByRole('button', { name: '저장', exact: true }).click();
await an.getByRole('heading', { name: /농업 이주노동자/ }).waitFor();
await an.getByRole('link', { name: '장 수정: 농업 이주노동자' }).click();
await an.getByRole('button', { name: '삭제' }).click();
await an.locator('#status .notice', { hasText: '장을 초안에서 삭제했습니다' }).waitFor();
// The notice is given as the document starts loading: the section's page may still be there a moment.
await an.locator('.toc').waitFor();
await an.getByRole('heading', { name: /농업 이주노동자/ }).waitFor({ state: 'detached' });
assert.equal(await an.getByRole('heading', { name: /농업 이주노동자/ }).count(), 0);

await tuan.goto('/documents/nap4-migrants/r/medical-interpreters/edit?draft=jumw-tuan');
await tuan.fill('#title-en', 'Interpreters in every public hospital');
await tuan.getByRole('button', { name: 'Save', exact: true }).click();
await tuan.waitForURL(/\/r\/medical-interpreters\?rev=jumw-tuan/);
await an.goto('/documents/nap4-migrants/r/medical-interpreters/edit?draft=jumw-an');
await an.fill('#title-en', 'Interpreters in every hospital and clinic');
await an.getByRole('button', { name: '저장', exact: true }).click();
await an.waitForURL(/\/r\/medical-interpreters\?rev=jumw-an/);
await an.goto('/drafts/jumw-an');
await an.selectOption('#merge-from', 'jumw-tuan');
await an.getByRole('button', { name: '합치기' }).click();
await an.waitForURL(/\/drafts\/jumw-an\/conflicts\/nap4-migrants/);
await an.locator('.conflict .side.theirs ins', { hasText: 'every' }).first().waitFor();
await an.locator('.conflict .side.theirs del', { hasText: 'Medical' }).first().waitFor();
await an.snap('ko-conflict');
await an.getByRole('button', { name: '합친 초안 쪽 선택' }).first().click();
await an.locator('#status .notice', { hasText: '모든 충돌을 정리했습니다' }).waitFor();
assert.equal(titleOf(await api(an, '/documents/nap4-migrants?rev=jumw-an'), 'medical-interpreters'), 'Interpreters in every public hospital');

// 5. A signed-out visitor and a user of the wrong role are refused.
step('5. refusals');
const visitor = await person(null, 'en');
await visitor.goto('/documents/nap4-migrants');
await visitor.waitForURL(/\/signin\?next=%2Fdocuments%2Fnap4-migrants/);
assert.equal((await visitor.request.get('/api/v1/documents')).status(), 401);
await bich.goto('/documents/nap4-migrants');
await bich.locator('.rec').first().waitFor();
// Search finds a recommendation by its words in either language, notes included.
for (const words of ['decent housing', '적정한 숙소', '제100조']) {
  await bich.fill('#search', words);
  await eventually(async () => (await bich.locator('article.rec:not([hidden])').evaluateAll((cards) => cards.map((c) => c.id))),
    ['rec-seasonal-housing']);
}
await bich.fill('#search', '');
assert.equal(await bich.getByRole('link', { name: 'Edit', exact: true }).count(), 0, 'a reviewer is offered no edit');
await bich.goto('/documents/nap4-migrants/r/eps-job-mobility/edit?draft=jumw-an');
await bich.getByRole('alert').waitFor();
assert.equal(await bich.getByRole('button', { name: 'Save' }).count(), 0);
const { csrf } = await api(bich, '/session');
const refused = await bich.request.put('/api/v1/drafts/jumw-an/documents/nap4-migrants/recommendations/eps-job-mobility',
  { headers: { 'X-CSRF-Token': csrf, 'If-Match': '"0000000000000000000000000000000000000000"', Origin: base }, data: written });
assert.equal(refused.status(), 403);

// Accessibility: no serious or critical axe-core violation on any page, in either language.
step('accessibility (axe-core)');
const axeSource = readFileSync(join(here, '../../web/node_modules/axe-core/axe.min.js'), 'utf8');
for (const [user, lang] of [['an', 'ko'], ['sungmin', 'en']]) {
  const page = await person(user, lang, { bypassCSP: true });
  const writing = user === 'an' ? ['/documents/nap4-migrants/r/departure-insurance/edit?draft=jumw-an',
    '/documents/nap4-migrants/new?draft=jumw-an&section=labour', '/documents/nap4-migrants/s/labour/edit?draft=jumw-an',
    '/drafts/jumw-an/conflicts/nap4-migrants'] : [];
  for (const path of ['/', '/documents/nap4-migrants', '/documents/nap4-migrants/r/seasonal-housing', ...writing, proposal,
    '/proposals?state=all', '/drafts/jumw-an', '/documents/nap4-migrants/check']) {
    await page.goto(path);
    await page.locator('main h1').waitFor();
    if (await page.locator('main .problem').count()) problems.push(`${path} shows an error: ${await page.locator('main .problem').first().textContent()}`);
    await page.addScriptTag({ content: axeSource });
    const found = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`));
    for (const f of found) problems.push(`axe ${lang} ${path}: ${f}`);
  }
}
const phone = await person('an', 'ko', { viewport: { width: 390, height: 844 } });
await phone.goto('/documents/nap4-migrants/r/eps-job-mobility');
await phone.snap('ko-phone');

await browser.close();
server.kill('SIGTERM');
if (problems.length) {
  console.error('web e2e: problems seen in the pages:\n  ' + problems.join('\n  '));
  process.exit(1);
}
step(`all scenarios passed; screenshots in ${out}`);
