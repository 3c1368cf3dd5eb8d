// A deployment package's entry names must describe one tree of files and folders that Linux can
// create. Otherwise what lands on disk depends on the order of the entries, or unpacking fails
// half-way: a file and a folder of one path ("d" and "d/x"), a name given twice, a name that
// leaves the root, a name Linux cannot hold, a tree deeper than MAX_FOLDER_DEPTH. Checked entry
// by entry, as a zip is read.

/** Linux's NAME_MAX and PATH_MAX (bytes); Lambda unpacks into /var/task on Linux. */
const NAME_MAX_BYTES = 255;
const PATH_MAX_BYTES = 4096 - '/var/task/'.length;

/**
 * Folders a path may pass through (a file at the root is at depth 0). Lambda itself only bounds
 * the path (PATH_MAX, 4,096 bytes under /var/task: about 2,000 one-letter folders), but trees that
 * deep break the tools that walk them recursively: Node's rmSync overflows its stack past ~1,500
 * levels, Python's shutil.rmtree hits its 1,000-frame recursion limit. Real packages stay far
 * below: the deepest file of this project's node_modules (AWS SDK v3 and its tooling) is 10 folders
 * down, a Python site-packages 7, and npm 2's fully nested node_modules rarely passed ~30. 128 leaves
 * four times that room, and is where a mistake (a folder that contains itself) shows.
 */
export const MAX_FOLDER_DEPTH = 128;

interface Folder {
  readonly children: Map<string, Folder | 'file'>;
}

export class ZipEntryTree {
  private readonly root: Folder = { children: new Map() };

  /**
   * Adds the next entry (a name ending in '/' is a folder). Returns what is wrong with it, in
   * words, or undefined when it fits the tree. Empty and '.' parts are ignored, as unzip does.
   */
  add(name: string): string | undefined {
    const shown = quote(name);
    if (name.includes('\0')) return `The entry ${shown} has a NUL character in its name.`;
    if (name.startsWith('/') || /^[A-Za-z]:/.test(name))
      return `The entry ${shown} has an absolute path.`;
    if (name.length * 3 > PATH_MAX_BYTES && utf8Length(name) > PATH_MAX_BYTES)
      return `The entry ${shown} has a path longer than ${PATH_MAX_BYTES} bytes.`;
    const parts = name.split('/').filter((part) => part !== '' && part !== '.');
    if (parts.includes('..')) return `The entry ${shown} points outside the package.`;
    if (
      parts.some((part) => part.length * 3 > NAME_MAX_BYTES && utf8Length(part) > NAME_MAX_BYTES)
    ) {
      return `The entry ${shown} has a name part longer than ${NAME_MAX_BYTES} bytes.`;
    }
    const isFolder = name.endsWith('/');
    const depth = isFolder ? parts.length : parts.length - 1;
    if (depth > MAX_FOLDER_DEPTH) {
      return (
        `The entry ${shown} is ${depth} folders deep; the local endpoint accepts at most ${MAX_FOLDER_DEPTH}. ` +
        "Flatten the package's folders (a folder copied into itself is the usual cause), then upload it again."
      );
    }
    if (parts.length === 0)
      return isFolder ? undefined : `The entry ${shown} is a file without a name.`;
    let folder = this.root;
    for (let i = 0; i < parts.length - 1; i++) {
      const next = folder.children.get(parts[i]!);
      if (next === 'file')
        return `The entry ${shown} needs ${quote(parts.slice(0, i + 1).join('/'))} to be a folder, but the zip has it as a file.`;
      if (next) folder = next;
      else {
        const created: Folder = { children: new Map() };
        folder.children.set(parts[i]!, created);
        folder = created;
      }
    }
    const last = parts[parts.length - 1]!;
    const existing = folder.children.get(last);
    const path = quote(parts.join('/'));
    if (isFolder) {
      if (existing === 'file') return `The zip has ${path} both as a file and as a folder.`;
      if (!existing) folder.children.set(last, { children: new Map() });
      return undefined;
    }
    if (existing === 'file') return `The zip has the file ${path} twice.`;
    if (existing) return `The zip has ${path} both as a file and as a folder.`;
    folder.children.set(last, 'file');
    return undefined;
  }
}

/** A name as it can be shown in a message: quoted, control characters escaped, long ones cut. */
function quote(name: string): string {
  return JSON.stringify(name.length > 120 ? `${name.slice(0, 120)}…` : name);
}

const encoder = new TextEncoder();

function utf8Length(text: string): number {
  return encoder.encode(text).length;
}
