import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A version of each organization's candidates, changed by statement-level triggers in the same transaction as
 * any insert, update, delete or truncate of its candidates, so a process that remembers a rendered list page
 * can tell, in the round trip that would read it, whether it may answer with it (see CandidatesRepository.page).
 *
 * Versions come from one sequence and are never reused: a snapshot that reads a version sees exactly the
 * changes made up to the transaction that wrote it, and any later change writes another. An organization
 * with no row has no version, and its pages are not remembered.
 */
export class CandidateListVersions1796700000000 implements MigrationInterface {
  name = 'CandidateListVersions1796700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SEQUENCE "candidate_list_versions_seq"`);
    await queryRunner.query(
      `CREATE TABLE "candidate_list_versions" ("tenant_id" integer NOT NULL, "version" bigint NOT NULL, CONSTRAINT "PK_candidate_list_versions" PRIMARY KEY ("tenant_id"))`,
    );
    await queryRunner.query(`LOCK TABLE "candidates" IN SHARE MODE`);
    await queryRunner.query(
      `INSERT INTO "candidate_list_versions" SELECT "tenant_id", nextval('candidate_list_versions_seq') FROM (SELECT DISTINCT "tenant_id" FROM "candidates" ORDER BY 1) t`,
    );
    // The transition table is named `changed` by each trigger: the new rows of an insert or update, the old
    // rows of a delete. Organizations in id order, as every writer takes their rows' locks in one order.
    await queryRunner.query(`CREATE FUNCTION candidate_list_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO candidate_list_versions (tenant_id, version)
          SELECT tenant_id, nextval('candidate_list_versions_seq') FROM (SELECT DISTINCT tenant_id FROM changed ORDER BY tenant_id) t
          ON CONFLICT (tenant_id) DO UPDATE SET version = EXCLUDED.version;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE FUNCTION candidate_list_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE candidate_list_versions SET version = nextval('candidate_list_versions_seq');
        RETURN NULL;
      END $$`);
    for (const [event, table] of [
      ['INSERT', 'NEW'],
      ['UPDATE', 'NEW'],
      ['DELETE', 'OLD'],
    ]) {
      await queryRunner.query(
        `CREATE TRIGGER candidate_list_${event.toLowerCase()} AFTER ${event} ON "candidates" REFERENCING ${table} TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION candidate_list_changed()`,
      );
    }
    await queryRunner.query(`CREATE TRIGGER candidate_list_truncate AFTER TRUNCATE ON "candidates" FOR EACH STATEMENT EXECUTE FUNCTION candidate_list_truncated()`);
    // As every table with an organization: the request role sees and writes its organization's row only.
    await queryRunner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON "candidate_list_versions" TO hirevision_app, hirevision_system`);
    await queryRunner.query(`GRANT USAGE, SELECT, UPDATE ON SEQUENCE "candidate_list_versions_seq" TO hirevision_app, hirevision_system`);
    await queryRunner.query(`ALTER TABLE "candidate_list_versions" ENABLE ROW LEVEL SECURITY`);
    await queryRunner.query(
      `CREATE POLICY tenant_isolation ON "candidate_list_versions" TO hirevision_app USING ("tenant_id" = app_tenant_id()) WITH CHECK ("tenant_id" = app_tenant_id())`,
    );
    await queryRunner.query(`CREATE POLICY system_access ON "candidate_list_versions" TO hirevision_system USING (true) WITH CHECK (true)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const event of ['insert', 'update', 'delete', 'truncate']) await queryRunner.query(`DROP TRIGGER candidate_list_${event} ON "candidates"`);
    await queryRunner.query(`DROP FUNCTION candidate_list_truncated()`);
    await queryRunner.query(`DROP FUNCTION candidate_list_changed()`);
    await queryRunner.query(`DROP TABLE "candidate_list_versions"`);
    await queryRunner.query(`DROP SEQUENCE "candidate_list_versions_seq"`);
  }
}
