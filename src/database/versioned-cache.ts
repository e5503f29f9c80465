/** How much rendered page text (in characters) each of a process's remembered lists may hold. */
export const REMEMBERED_PAGES_CHARS = 8_000_000;

/**
 * Values read from the database, each kept with the version of the data it was read at (see
 * HotReads.remembered): while the database answers the same version, the value is the same, and it is
 * answered from here; a value and its version are read in one statement, so in one snapshot, and an answer
 * from here is never older than a read of the database at that moment.
 * Each value is kept with a size in the caller's unit (the remembered pages use characters of text); least
 * recently used entries are dropped once the sizes add up to more than `capacity`.
 */
export class VersionedCache<V> {
  private readonly entries = new Map<string, { version: string; value: V; size: number }>();
  private used = 0;

  constructor(private readonly capacity: number) {}

  /** The entry for `key`, now the most recently used. */
  get(key: string): { version: string; value: V } | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  /** Keeps `value`, read at `version`, in place of any earlier one for `key`. A value larger than the whole cache is not kept. */
  set(key: string, version: string, value: V, size: number): void {
    this.delete(key);
    if (size > this.capacity) return;
    this.entries.set(key, { version, value, size });
    this.used += size;
    for (const [oldest, entry] of this.entries) {
      if (this.used <= this.capacity) break;
      this.entries.delete(oldest);
      this.used -= entry.size;
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.used -= entry.size;
  }

  /** How many entries, and the sum of their sizes. */
  get usage(): { entries: number; size: number } {
    return { entries: this.entries.size, size: this.used };
  }
}
