/**
 * Child process entry: makes a new embedded data directory (initdb) at `process.argv[2]` and exits.
 * `EmbeddedPostgres.start` runs it, so that what initdb's own engine touched leaves with this process.
 */
import { PGlite } from '@electric-sql/pglite';

// Started with an IPC channel: when the parent ends, however it ends, so does initdb.
process.on('disconnect', () => process.exit(1));

async function initialize(dataDir: string): Promise<void> {
  const db = await PGlite.create({ dataDir });
  await db.close();
}

initialize(process.argv[2]).then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
