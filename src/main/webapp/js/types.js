// Artifact types. Their ids, labels and folders come from the server (GET /page/config, generated from the
// Java enum ArtifactType); only how a type looks (its badge) is decided here. Pure: no DOM.

/** Badges by type id; a type without one gets the first letters of its id. */
const BADGES = {
  readme: 'MD',
  cloudformation: 'CFN',
  terraform: 'TF',
  lambda: 'λ',
  diagram: 'DIA',
  pricing: '$',
};

/** A type the server did not name (or when /page/config could not be read): its id is all there is. */
export function unknownType(id) {
  return { id, label: id, folder: null, badge: BADGES[id] || id.slice(0, 3).toUpperCase(), known: false };
}

/**
 * The server's artifact_types ([{id, label, folder}], in the order the page shows them) with their badges.
 * Entries without a text id are dropped; a missing label is the id; folder is null for top-level files.
 */
export function typeTable(serverTypes) {
  if (!Array.isArray(serverTypes)) return [];
  return serverTypes
    .filter((t) => t && typeof t.id === 'string' && t.id !== '')
    .map((t) => ({
      id: t.id,
      label: typeof t.label === 'string' && t.label ? t.label : t.id,
      folder: typeof t.folder === 'string' && t.folder ? t.folder : null,
      badge: BADGES[t.id] || t.id.slice(0, 3).toUpperCase(),
      known: true,
    }));
}

/** The entry of type id in table, or a generic one. */
export function typeInfo(table, id) {
  return table.find((t) => t.id === id) || unknownType(id);
}

/** Sorts type ids as the table lists them; unknown ones last, by id. */
export function compareTypes(table) {
  const order = (id) => {
    const i = table.findIndex((t) => t.id === id);
    return i < 0 ? table.length : i;
  };
  return (x, y) => order(x) - order(y) || (x < y ? -1 : x > y ? 1 : 0);
}

/** The folders that set a type (cloudformation, terraform, ...), in the table's order. */
export function typeFolders(table) {
  return table.map((t) => t.folder).filter(Boolean);
}

/**
 * The type id of an artifact path as the service decides it: the type whose folder is the path's first folder, a
 * top-level file the first type without a folder, else the first folder itself (a type the table does not know).
 */
export function typeOfPath(table, path) {
  const slash = path.indexOf('/');
  if (slash < 0) {
    const top = table.find((t) => !t.folder);
    return top ? top.id : 'other';
  }
  const first = path.slice(0, slash);
  const typed = table.find((t) => t.folder === first);
  return typed ? typed.id : first;
}
