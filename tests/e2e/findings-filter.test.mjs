// The findings list's filters, as pure functions (www/findings-filter.js): an area left blank in
// the register is a choice of its own, not "every area".

import assert from 'node:assert/strict';
import test from 'node:test';
import { BLANK, areaFilter, filterFindings, noFilters } from '../../www/findings-filter.js';

const findings = [
  { rule: 'a', township: '江口镇', village: '松洞村' },
  { rule: 'a', township: '江口镇', village: '' },
  { rule: 'b', township: '', village: '' },
  { rule: 'b', township: '驷马镇', village: '凉光村' },
  { rule: 'b' },
];

const pick = (filters) => filterFindings(findings, { ...noFilters(), ...filters }).map((f) => findings.indexOf(f));

test('a blank 乡镇 or 村 filters to the findings of rows that leave it blank', () => {
  assert.deepEqual(pick({ township: '江口镇', village: areaFilter('') }), [1]);
  assert.deepEqual(pick({ township: areaFilter(''), village: areaFilter('') }), [2, 4]);
  assert.deepEqual(pick({ township: areaFilter(''), village: areaFilter(undefined) }), [2, 4], 'no value is blank too');
  assert.equal(areaFilter(''), BLANK);
});

test('a named area filters to itself, and no filter to everything', () => {
  assert.deepEqual(pick({ township: areaFilter('江口镇') }), [0, 1]);
  assert.deepEqual(pick({ village: '凉光村' }), [3]);
  assert.deepEqual(pick({}), [0, 1, 2, 3, 4]);
  assert.deepEqual(pick({ rule: 'b', township: '' }), [2, 3, 4]);
});
