// A session's artifacts as the page shows them: groups by type, each a tree of folders. Pure: no DOM.

import { compareTypes } from './types.js';

/** [[type, artifacts], ...] in the order of the type table, unknown types last. */
export function groupArtifacts(artifacts, table) {
  const groups = new Map();
  for (const a of artifacts) {
    if (!groups.has(a.type)) groups.set(a.type, []);
    groups.get(a.type).push(a);
  }
  const compare = compareTypes(table);
  return [...groups.entries()].sort((x, y) => compare(x[0], y[0]));
}

/** The first folder all paths share, or "" (top-level files, or paths in different folders). */
export function commonFolder(artifacts) {
  const firsts = new Set(artifacts.map((a) => (a.path.includes('/') ? a.path.slice(0, a.path.indexOf('/')) : '')));
  return firsts.size === 1 ? [...firsts][0] : '';
}

/** The folder a type's group stands for: the type's own when every path is in it, else the one they share. */
export function groupFolder(artifacts, typeFolder) {
  if (typeFolder && artifacts.every((a) => a.path.startsWith(`${typeFolder}/`))) return typeFolder;
  return commonFolder(artifacts);
}

function node(name, folder) {
  return { name, folder, folders: new Map(), files: [] };
}

/**
 * The folder tree of artifacts below folder (groupFolder by default): nodes {name, folder (full path), folders
 * (Map by name), files (artifacts, in the given order)}.
 */
export function buildTree(artifacts, folder = commonFolder(artifacts)) {
  const root = node('', folder);
  for (const a of artifacts) {
    const inside = folder && a.path.startsWith(`${folder}/`) ? a.path.slice(folder.length + 1) : a.path;
    let current = root;
    for (const segment of inside.split('/').slice(0, -1)) {
      if (!current.folders.has(segment)) {
        current.folders.set(segment, node(segment, current.folder ? `${current.folder}/${segment}` : segment));
      }
      current = current.folders.get(segment);
    }
    current.files.push(a);
  }
  return root;
}

/** A node's folders by name. */
export function sortedFolders(tree) {
  return [...tree.folders.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Files in a node and all its folders. */
export function countFiles(tree) {
  let n = tree.files.length;
  for (const f of tree.folders.values()) n += countFiles(f);
  return n;
}

/** The total size of artifacts, in bytes. */
export function totalSize(artifacts) {
  return artifacts.reduce((sum, a) => sum + a.size, 0);
}
