// The outlet finder's filters in the page address (src/web/outlets/filters.ts): read back as written, other
// parameters left alone, and nothing unknown passed on to the API.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiQuery, filtersFrom, searchWith } from '../../src/web/outlets/filters.ts';

test('writes the filters into the address and reads the same filters back, leaving ?lang alone', () => {
  const filters = { q: ' 西直门 ', district: 'xicheng', service: 'refund-large', near: true } as const;
  const search = searchWith('?lang=en', filters);
  assert.equal(new URLSearchParams(search).get('lang'), 'en');
  assert.deepEqual(filtersFrom(search), { ...filters, q: '西直门' });
});

test('drops empty filters, and a district or service the domain does not know', () => {
  assert.equal(searchWith('?q=old&sort=near', { q: '', district: '', service: '', near: false }), '');
  assert.deepEqual(filtersFrom('?district=atlantis&service=teleport&sort=far'), { q: '', district: '', service: '', near: false });
});

test('asks the API for text, district and service only: the person\'s wish to sort by distance stays in the page', () => {
  assert.equal(apiQuery({ q: 'zoo', district: 'haidian', service: '', near: true }), '?q=zoo&district=haidian');
  assert.equal(apiQuery({ q: '', district: '', service: '', near: true }), '');
});
