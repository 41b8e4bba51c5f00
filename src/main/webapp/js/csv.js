// CSV for the table preview (RFC 4180: quoted fields, doubled quotes, CRLF or LF). Pure: no DOM.

/** Rows of fields; stops after the header and maxRows more rows, saying whether there were more. */
export function parseCsv(text, maxRows = Infinity) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"' && field === '') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      field = '';
      rows.push(row);
      row = [];
      if (rows.length > maxRows) return { rows, more: i < text.length - 1 };
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return { rows, more: false };
}

/**
 * The table of a CSV text, or null when it has no row: head, up to maxRows body rows, and whether it is only the
 * first part (more rows, or a text cut short, whose last row may be cut too and is dropped).
 */
export function csvTable(text, maxRows, truncated = false) {
  const { rows, more } = parseCsv(text, maxRows);
  if (truncated && rows.length > 1 && !more) rows.pop();
  if (!rows.length) return null;
  const [head, ...body] = rows;
  return { head, body: body.slice(0, maxRows), partial: more || truncated };
}

/** For each column of head, whether every non-empty cell of rows is a number (1,234.5 or 12%). */
export function numericColumns(head, rows) {
  return head.map((_, i) => rows.length > 0
    && rows.every((r) => r[i] === undefined || r[i] === '' || /^-?[\d.,]+%?$/.test(r[i]))
    && rows.some((r) => r[i] !== undefined && r[i] !== ''));
}
