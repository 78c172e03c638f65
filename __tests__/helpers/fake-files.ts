// A recorded file-system view for the pure detection logic: paths mapped to their text, or to SOCKET.
import type { FileView } from '../../src/core/file-view.js';

export const SOCKET = Symbol('socket');

export function fakeFiles(entries: Record<string, string | typeof SOCKET> = {}): FileView {
  return {
    read: (path) => {
      const entry = entries[path];
      return typeof entry === 'string' ? entry : undefined;
    },
    nonEmpty: (path) => typeof entries[path] === 'string' && entries[path] !== '',
    isSocket: (path) => entries[path] === SOCKET,
    exists: (path) => path in entries,
    list: (path) =>
      Object.keys(entries).flatMap((entry) => {
        const name = entry.startsWith(`${path}/`) ? entry.slice(path.length + 1) : '';
        return name && !name.includes('/') ? [name] : [];
      }),
  };
}

/** ca.pem, cert.pem and key.pem in a directory, each non-empty. */
export function certs(dir: string): Record<string, string> {
  return Object.fromEntries(
    ['ca.pem', 'cert.pem', 'key.pem'].map((name) => [`${dir}/${name}`, `-- ${name} --`]),
  );
}
