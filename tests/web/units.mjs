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
