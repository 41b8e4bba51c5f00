// Sizes, counts and dates for people. Pure: no DOM; the browser's locale and time zone unless told otherwise.

const UNITS = ['KiB', 'MiB', 'GiB', 'TiB'];

/** Number and date formats for a locale and time zone (undefined: the browser's). */
export function formats(locale, timeZone) {
  return {
    number: new Intl.NumberFormat(locale),
    date: new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }),
  };
}

const browserFormats = formats();

/** 1536 → "1.5 KiB", 262144 → "256 KiB"; below 1 KiB exact bytes. The exact count goes in bytesText. */
export function humanSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  let value = bytes;
  let unit = -1;
  do { value /= 1024; unit++; } while (value >= 1024 && unit < UNITS.length - 1);
  let text = value >= 99.95 ? String(Math.round(value)) : value.toFixed(1);
  if (Number(text) >= 1024 && unit < UNITS.length - 1) { // 1048575 B rounds up to the next unit, not "1024 KiB"
    text = '1.0';
    unit++;
  }
  return `${text} ${UNITS[unit]}`;
}

/** 1234567 → "1,234,567 bytes" (grouped as the locale groups). */
export function bytesText(bytes, f = browserFormats) {
  return `${f.number.format(bytes)} bytes`;
}

/** count(1, 'file', 'files') → "1 file", count(1200, ...) → "1,200 files". */
export function count(n, singular, plural, f = browserFormats) {
  return `${f.number.format(n)} ${n === 1 ? singular : plural}`;
}

/** An instant (ISO 8601 text, Date or epoch milliseconds) as a medium date and short time. */
export function dateText(instant, f = browserFormats) {
  return f.date.format(instant instanceof Date ? instant : new Date(instant));
}

/** Lines of a text as an editor counts them: a final newline does not start another line. */
export function lineCount(text) {
  if (text === '') return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}
