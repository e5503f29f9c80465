import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Row-level security: a second wall between organizations, under the repositories' own `tenant_id` filters.
 *
 * - `hirevision_app` is the role every request and tenant job runs as (per transaction, `SET LOCAL ROLE`):
 *   it sees and writes only the rows whose `tenant_id` is the transaction's `app.tenant_id`, and with no
 *   `app.tenant_id` set, nothing at all.
 * - `hirevision_system` is the role of the few cross-organization paths (token lookups, queue sweeps, the
 *   purge, registration): a policy lets it see every row, so neither role needs BYPASSRLS (which only a
 *   superuser may grant).
 * - The connecting user owns the tables and is not subject to the policies: migrations and maintenance.
 *
 * Roles belong to the whole server, so they are created if missing (several databases share them); the
 * policies cover every table with a `tenant_id` column, and `tenants` by its `id`.
 */
export class RowLevelSecurity1796600000000 implements MigrationInterface {
  name = 'RowLevelSecurity1796600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Concurrent migrations of other databases on the same server may create the roles at the same moment.
    await queryRunner.query(`DO $$
      DECLARE r text;
      BEGIN
        FOREACH r IN ARRAY ARRAY['hirevision_app', 'hirevision_system'] LOOP
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            BEGIN
              EXECUTE format('CREATE ROLE %I NOLOGIN NOINHERIT', r);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
            END;
          END IF;
          -- SET ROLE needs membership unless the connecting user is a superuser.
          IF NOT pg_has_role(current_user, r, 'MEMBER') THEN
            EXECUTE format('GRANT %I TO %I', r, current_user);
          END IF;
        END LOOP;
      END $$`);
    await queryRunner.query(`CREATE FUNCTION app_tenant_id() RETURNS integer LANGUAGE sql STABLE AS
      $$ SELECT nullif(current_setting('app.tenant_id', true), '')::integer $$`);
    await queryRunner.query(`GRANT USAGE ON SCHEMA public TO hirevision_app, hirevision_system`);
    await queryRunner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO hirevision_app, hirevision_system`);
    await queryRunner.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO hirevision_app, hirevision_system`);
    await queryRunner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO hirevision_app, hirevision_system`);
    await queryRunner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO hirevision_app, hirevision_system`);
    for (const table of await tenantTables(queryRunner)) {
      await protect(queryRunner, table, 'tenant_id');
    }
    await protect(queryRunner, 'tenants', 'id');
    // Under row-level security a condition may use an index ahead of the policy only if every function in it
    // is leakproof (and it holds no COALESCE, which the planner always treats as leaky). The search indexes are
    // rebuilt without COALESCE (the columns are NOT NULL), and the functions of their expressions and of the
    // full-text match, which cannot fail on these inputs, are marked leakproof. Only a superuser may mark them;
    // elsewhere searches filter the organization's rows instead (correct, slower).
    await queryRunner.query(`DROP INDEX "IDX_candidates_search"`);
    await queryRunner.query(`CREATE INDEX "IDX_candidates_search" ON "candidates" USING gin (to_tsvector('simple', name || ' ' || translate(email, '@.+_-', '     ')))`);
    await queryRunner.query(`DROP INDEX "IDX_jobs_search"`);
    await queryRunner.query(`CREATE INDEX "IDX_jobs_search" ON "jobs" USING gin (to_tsvector('simple', title || ' ' || description))`);
    await queryRunner.query(`DO $$
      BEGIN
        IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
          ALTER FUNCTION ts_match_vq(tsvector, tsquery) LEAKPROOF;
          ALTER FUNCTION to_tsvector(regconfig, text) LEAKPROOF;
          ALTER FUNCTION textcat(text, text) LEAKPROOF;
          ALTER FUNCTION translate(text, text, text) LEAKPROOF;
        END IF;
      END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_jobs_search"`);
    await queryRunner.query(`CREATE INDEX "IDX_jobs_search" ON "jobs" USING gin (to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(description, '')))`);
    await queryRunner.query(`DROP INDEX "IDX_candidates_search"`);
    await queryRunner.query(`CREATE INDEX "IDX_candidates_search" ON "candidates" USING gin (to_tsvector('simple', coalesce(name, '') || ' ' || translate(email, '@.+_-', '     ')))`);
    for (const table of [...(await tenantTables(queryRunner)), 'tenants']) {
      await queryRunner.query(`DROP POLICY tenant_isolation ON "${table}"`);
      await queryRunner.query(`DROP POLICY system_access ON "${table}"`);
      await queryRunner.query(`ALTER TABLE "${table}" DISABLE ROW LEVEL SECURITY`);
    }
    await queryRunner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM hirevision_app, hirevision_system`);
    await queryRunner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM hirevision_app, hirevision_system`);
    await queryRunner.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM hirevision_app, hirevision_system`);
    await queryRunner.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM hirevision_app, hirevision_system`);
    await queryRunner.query(`REVOKE ALL ON SCHEMA public FROM hirevision_app, hirevision_system`);
    await queryRunner.query(`DROP FUNCTION app_tenant_id()`);
  }
}

/** Every table of the schema with a `tenant_id` column. */
async function tenantTables(queryRunner: QueryRunner): Promise<string[]> {
  const rows: Array<{ name: string }> = await queryRunner.query(
    `SELECT c.relname AS name FROM pg_class c
     JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
     WHERE c.relkind = 'r' ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}

async function protect(queryRunner: QueryRunner, table: string, column: string): Promise<void> {
  await queryRunner.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
  await queryRunner.query(
    `CREATE POLICY tenant_isolation ON "${table}" TO hirevision_app USING ("${column}" = app_tenant_id()) WITH CHECK ("${column}" = app_tenant_id())`,
  );
  await queryRunner.query(`CREATE POLICY system_access ON "${table}" TO hirevision_system USING (true) WITH CHECK (true)`);
}
