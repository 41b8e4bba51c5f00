import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvTable, numericColumns, parseCsv } from '../../main/webapp/js/csv.js';

test('parseCsv reads quoted fields, doubled quotes, commas and newlines inside quotes', () => {
  const { rows, more } = parseCsv('name,note\n"Smith, J.","said ""hi""\nand left"\nplain,\n');
  assert.deepEqual(rows, [['name', 'note'], ['Smith, J.', 'said "hi"\nand left'], ['plain', '']]);
  assert.equal(more, false);
});

test('parseCsv takes CRLF, LF and a last line without newline', () => {
  assert.deepEqual(parseCsv('a,b\r\n1,2\r\n3,4').rows, [['a', 'b'], ['1', '2'], ['3', '4']]);
  assert.deepEqual(parseCsv('a\n\nb\n').rows, [['a'], [''], ['b']]);
  assert.deepEqual(parseCsv('').rows, []);
});

test('a quote inside an unquoted field is text', () => {
  assert.deepEqual(parseCsv('5" pipe,x\n').rows, [['5" pipe', 'x']]);
});

test('parseCsv stops after the header and maxRows rows, saying whether more follow', () => {
  const text = 'h\n1\n2\n3\n';
  assert.deepEqual(parseCsv(text, 2), { rows: [['h'], ['1'], ['2']], more: true });
  assert.deepEqual(parseCsv(text, 3), { rows: [['h'], ['1'], ['2'], ['3']], more: false });
  assert.deepEqual(parseCsv(text, 10), { rows: [['h'], ['1'], ['2'], ['3']], more: false });
});

test('csvTable splits head and body and drops the last row of a text cut short', () => {
  assert.deepEqual(csvTable('service,usd\nec2,10\ns3,2\n', 500), { head: ['service', 'usd'], body: [['ec2', '10'], ['s3', '2']], partial: false });
  assert.deepEqual(csvTable('service,usd\nec2,10\ns3,2', 500, true), { head: ['service', 'usd'], body: [['ec2', '10']], partial: true });
  assert.deepEqual(csvTable('h\n1\n2\n3\n', 2), { head: ['h'], body: [['1'], ['2']], partial: true });
  assert.equal(csvTable('', 500), null);
});

test('numericColumns marks columns whose every filled cell is a number', () => {
  const head = ['service', 'usd', 'share', 'empty', 'mixed'];
  const rows = [['ec2', '1,234.50', '12%', '', '1'], ['s3', '-2', '3.5%', '', 'n/a'], ['lambda', '', '0%']];
  assert.deepEqual(numericColumns(head, rows), [false, true, true, false, false]);
  assert.deepEqual(numericColumns(['a'], []), [false]);
});
