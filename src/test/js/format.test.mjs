import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bytesText, count, dateText, formats, humanSize, lineCount } from '../../main/webapp/js/format.js';

const us = formats('en-US', 'UTC');

test('humanSize keeps bytes below 1 KiB and steps by 1024', () => {
  assert.equal(humanSize(0), '0 B');
  assert.equal(humanSize(1023), '1023 B');
  assert.equal(humanSize(1024), '1.0 KiB');
  assert.equal(humanSize(1536), '1.5 KiB');
  assert.equal(humanSize(256 * 1024), '256 KiB');
  assert.equal(humanSize(5 * 1024 * 1024), '5.0 MiB');
  assert.equal(humanSize(3 * 1024 ** 3), '3.0 GiB');
});

test('humanSize shows one decimal below 100 and none from 100', () => {
  assert.equal(humanSize(99.4 * 1024), '99.4 KiB');
  assert.equal(humanSize(99.96 * 1024), '100 KiB');
  assert.equal(humanSize(100 * 1024), '100 KiB');
  assert.equal(humanSize(340_000), '332 KiB');
});

test('humanSize moves to the next unit rather than show 1024 of one', () => {
  assert.equal(humanSize(1024 * 1024 - 1), '1.0 MiB');
  assert.equal(humanSize(1024 ** 2 * 1023.9), '1.0 GiB');
});

test('humanSize stops at TiB', () => {
  assert.equal(humanSize(2048 * 1024 ** 4), '2048 TiB');
});

test('bytesText and count group digits as the locale does', () => {
  assert.equal(bytesText(1234567, us), '1,234,567 bytes');
  assert.equal(bytesText(1234567, formats('de-DE')), '1.234.567 bytes');
  assert.equal(count(1, 'file', 'files', us), '1 file');
  assert.equal(count(0, 'file', 'files', us), '0 files');
  assert.equal(count(1200, 'file', 'files', us), '1,200 files');
});

test('dateText formats an ISO instant, a Date and epoch milliseconds alike in the given time zone', () => {
  const iso = '2025-03-04T05:06:07Z';
  const expected = dateText(iso, us);
  assert.match(expected, /Mar 4, 2025/);
  assert.match(expected, /5:06/);
  assert.equal(dateText(new Date(iso), us), expected);
  assert.equal(dateText(Date.parse(iso), us), expected);
  assert.match(dateText(iso, formats('en-US', 'Asia/Tokyo')), /2:06/);
});

test('lineCount does not count a final newline as a line', () => {
  assert.equal(lineCount(''), 0);
  assert.equal(lineCount('one'), 1);
  assert.equal(lineCount('one\n'), 1);
  assert.equal(lineCount('one\ntwo'), 2);
  assert.equal(lineCount('one\ntwo\n\n'), 3);
});
