/**
 * The last event cursor of each live subscription, kept in localStorage so a reload or a dropped connection
 * resumes where the page left off. Storage may be unavailable (private mode, full): then the cursor lives
 * only as long as the page.
 */
const KEY_PREFIX = 'jjj.live.cursor.';
const memory = new Map<string, string>();

export const cursorStore = {
  read(name: string): string | undefined {
    try {
      return window.localStorage.getItem(KEY_PREFIX + name) ?? undefined;
    } catch {
      return memory.get(name);
    }
  },
  write(name: string, cursor: string): void {
    memory.set(name, cursor);
    try {
      window.localStorage.setItem(KEY_PREFIX + name, cursor);
    } catch {
      // memory copy above is enough for this page
    }
  },
  clear(name: string): void {
    memory.delete(name);
    try {
      window.localStorage.removeItem(KEY_PREFIX + name);
    } catch {
      // nothing stored
    }
  },
};
