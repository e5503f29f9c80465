/** How much rendered page text (in characters) each of a process's remembered lists may hold. */
export const REMEMBERED_PAGES_CHARS = 8_000_000;

/**
 * Values read from the database, each kept with the version of the data it was read at (see
 * HotReads.remembered): while the database answers the same version, the value is the same, and it is
 * answered from here; a value and its version are read in one statement, so in one snapshot, and an answer
 * from here is never older than a read of the database at that moment.
 * Least recently used entries are dropped once the values' sizes pass `maxBytes`.
 */
export class VersionedCache<V> {
  private readonly entries = new Map<string, { version: string; value: V; bytes: number }>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

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
  set(key: string, version: string, value: V, bytes: number): void {
    this.delete(key);
    if (bytes > this.maxBytes) return;
    this.entries.set(key, { version, value, bytes });
    this.bytes += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= entry.bytes;
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }

  /** How many entries, and the sum of their sizes. */
  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }
}
