// The few questions detection asks the file system, behind an interface so that the pure detection
// logic is tested over recorded environments (a map of paths) instead of the machine it runs on.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

export interface FileView {
  /** The text of a file; undefined when it cannot be read. */
  read(path: string): string | undefined;
  /** A regular file with at least one byte. */
  nonEmpty(path: string): boolean;
  /** A unix socket (following symlinks, as a client connecting to it would). */
  isSocket(path: string): boolean;
  /** Anything at all at this path. */
  exists(path: string): boolean;
  /** The names in a folder; none when it is not one. */
  list(path: string): string[];
}

export const realFiles: FileView = {
  read(path) {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
  nonEmpty(path) {
    const stat = statSync(path, { throwIfNoEntry: false });
    return Boolean(stat?.isFile() && stat.size > 0);
  },
  isSocket(path) {
    return Boolean(statSync(path, { throwIfNoEntry: false })?.isSocket());
  },
  exists(path) {
    return statSync(path, { throwIfNoEntry: false }) !== undefined;
  },
  list(path) {
    try {
      return readdirSync(path);
    } catch {
      return [];
    }
  },
};

/** Environment variables as detection reads them. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Whether `file` is `root` or below it (`..reports` is below; `../reports` is not). */
export function isInside(file: string, root: string): boolean {
  const relative = path.relative(root, file);
  return relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}
