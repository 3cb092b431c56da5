// Unit tests of the browser code that needs no browser: the editor's mapping of the
// submission's inline JSON to ProseMirror and back, and the word diff of conflicts.
//   node --test tests/web/units.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';

// What the modules read of a browser when they load.
globalThis.navigator = { languages: ['ko-KR'] };
globalThis.localStorage = { getItem: () => null, setItem: () => {} };
globalThis.document = { documentElement: { style: {} } };
const { toDoc, fromDoc } = await import('../../web/src/editor.js');
const { wordDiff } = await import('../../web/src/redline.js');
const { findingText, setLang } = await import('../../web/src/i18n.js');
const { messages } = await import('../../web/src/messages.js');

test('every inline form of the submission comes back from the editor as it went in', () => {
  const cases = [
    [['고용허가제 ', { em: ['사업장 변경'] }, ' 제한을 폐지하라', { note: ['「외국인근로자의 고용 등에 관한 법률」 제25조'] }]],
    [['Amend ', { link: ['article ', { em: ['25'] }], href: 'https://law.go.kr/a25' }, ' now.']],
    [[{ strong: ['Both ', { em: ['at once'] }] }, ' and a note with ', { note: ['A ', { em: ['cited'] }, ' act'] }]],
    [['first paragraph'], ['두 번째 문단', { note: ['주석'] }]],
    [[{ note: ['a note alone'] }]],
  ];
  for (const paragraphs of cases) assert.deepEqual(fromDoc(toDoc(paragraphs)), paragraphs);
});

test('empty paragraphs are dropped and an empty text is no paragraph at all', () => {
  assert.deepEqual(fromDoc(toDoc([])), []);
  assert.deepEqual(fromDoc(toDoc([['  '], ['kept']])), [['kept']]);
});

test('marks nest in one order whatever order they were applied in', () => {
  // em inside strong and strong inside em are the same text: written as link > em > strong.
  assert.deepEqual(fromDoc(toDoc([[{ strong: [{ em: ['x'] }] }]])), [[{ em: [{ strong: ['x'] }] }]]);
});

test('a conflict side is marked word by word against the text before both changes', () => {
  assert.deepEqual(wordDiff('Medical interpreters in public hospitals', 'Interpreters in every public hospital'), [
    { op: 'delete', text: 'Medical interpreters ' }, { op: 'insert', text: 'Interpreters ' }, { op: 'equal', text: 'in ' },
    { op: 'insert', text: 'every ' }, { op: 'equal', text: 'public ' }, { op: 'delete', text: 'hospitals' },
    { op: 'insert', text: 'hospital' }]);
  assert.deepEqual(wordDiff('고용허가제 사업장 변경 제한을 폐지하라', '고용허가제 사업장 변경의 완전한 자유를 보장하라'), [
    { op: 'equal', text: '고용허가제 사업장 ' }, { op: 'delete', text: '변경 제한을 폐지하라' },
    { op: 'insert', text: '변경의 완전한 자유를 보장하라' }]);
  assert.deepEqual(wordDiff('', 'new'), [{ op: 'insert', text: 'new' }]);
  assert.deepEqual(wordDiff('same words', 'same words'), [{ op: 'equal', text: 'same words' }]);
});

test('a check finding reads in the interface\'s language, from its kind and values', () => {
  const stale = { kind: 'stale', message: 'recommendation departure-insurance: the ko text may be out of date…',
    args: { id: 'departure-insurance', lang: 'ko', changed: 'en', commit: '3f9a2c1d', author: 'Nguyen Van An', summary: 'ILO' } };
  const fallback = { kind: 'fallback', message: 'the text of recommendation r has no ko version…',
    args: { what: 'rec.text', id: 'r', lang: 'ko', other: 'en' } };
  setLang('ko');
  assert.equal(findingText(stale), '권고 departure-insurance: 한국어 문장이 뒤처졌을 수 있습니다. 그 뒤에 영어 문장이 바뀌었습니다(3f9a2c1d, Nguyen Van An, “ILO”). 고치거나, 그대로 맞다고 확인하세요');
  assert.equal(findingText(fallback), '권고 r의 본문에 한국어 문장이 없습니다: 한국어 파일에는 영어 문장이 들어갑니다');
  assert.equal(findingText({ ...stale, args: { ...stale.args, refusedBy: 'nap-kr' } }).endsWith('(nap-kr 프로필은 이대로 내보내지 않습니다)'), true);
  setLang('en');
  assert.equal(findingText(fallback), 'the text of recommendation r has no Korean version: the Korean export prints the English one');
  // A kind (or a part of a text) this interface does not know: the server's own words.
  assert.equal(findingText({ kind: 'something.new', message: 'as the server says' }), 'as the server says');
  assert.equal(findingText({ ...fallback, args: { ...fallback.args, what: 'rec.new' } }), fallback.message);
  assert.equal(findingText({ message: 'no kind' }), 'no kind');
  setLang('ko');
});

test('every kind of finding the server names has its words in both languages', () => {
  const kinds = ['words.over', 'words.under', 'fallback', 'addressee.words', 'section.empty', 'rec.draft', 'stale'];
  const whats = ['document.title', 'document.process', 'section.heading', 'section.intro', 'rec.title', 'rec.text',
    'rec.rationale', 'rec.reference', 'rec.response', 'organisation.name', 'recipient.name'];
  for (const key of [...kinds.map((k) => `finding.${k}`), ...whats.map((w) => `finding.what.${w}`), 'finding.refusedBy'])
    for (const l of ['en', 'ko']) assert.ok(key in messages[l], `${key} in ${l}`);
});
