import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A version of each interview's conversation, as candidate_list_versions is of an organization's candidates
 * (see that migration): set from one sequence by statement-level triggers in the transaction of every insert,
 * update, delete or truncate of conversation messages, so a process that remembers a conversation page can
 * tell in one index lookup whether it may answer with it (see ConversationRepository.pageForInterview).
 *
 * A row goes with its interview (ON DELETE CASCADE), and the triggers skip interviews deleted meanwhile (the
 * messages of a deleted interview are deleted with it, in the same statement).
 */
export class ConversationVersions1796700000001 implements MigrationInterface {
  name = 'ConversationVersions1796700000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SEQUENCE "conversation_versions_seq"`);
    await queryRunner.query(
      `CREATE TABLE "conversation_versions" ("interview_id" integer NOT NULL, "tenant_id" integer NOT NULL, "version" bigint NOT NULL,
         CONSTRAINT "PK_conversation_versions" PRIMARY KEY ("interview_id"),
         CONSTRAINT "FK_conversation_versions_interview" FOREIGN KEY ("interview_id") REFERENCES "interviews"("id") ON DELETE CASCADE)`,
    );
    await queryRunner.query(`LOCK TABLE "conversation_messages" IN SHARE MODE`);
    await queryRunner.query(
      `INSERT INTO "conversation_versions" SELECT "interview_id", "tenant_id", nextval('conversation_versions_seq')
       FROM (SELECT DISTINCT "interview_id", "tenant_id" FROM "conversation_messages" ORDER BY 1) t`,
    );
    await queryRunner.query(`CREATE FUNCTION conversation_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO conversation_versions (interview_id, tenant_id, version)
          SELECT interview_id, tenant_id, nextval('conversation_versions_seq')
          FROM (SELECT DISTINCT interview_id, tenant_id FROM changed c WHERE EXISTS (SELECT 1 FROM interviews i WHERE i.id = c.interview_id) ORDER BY interview_id) t
          ON CONFLICT (interview_id) DO UPDATE SET version = EXCLUDED.version;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE FUNCTION conversation_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE conversation_versions SET version = nextval('conversation_versions_seq');
        RETURN NULL;
      END $$`);
    for (const [event, table] of [
      ['INSERT', 'NEW'],
      ['UPDATE', 'NEW'],
      ['DELETE', 'OLD'],
    ]) {
      await queryRunner.query(
        `CREATE TRIGGER conversation_${event.toLowerCase()} AFTER ${event} ON "conversation_messages" REFERENCING ${table} TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION conversation_changed()`,
      );
    }
    await queryRunner.query(`CREATE TRIGGER conversation_truncate AFTER TRUNCATE ON "conversation_messages" FOR EACH STATEMENT EXECUTE FUNCTION conversation_truncated()`);
    await queryRunner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON "conversation_versions" TO hirevision_app, hirevision_system`);
    await queryRunner.query(`GRANT USAGE, SELECT, UPDATE ON SEQUENCE "conversation_versions_seq" TO hirevision_app, hirevision_system`);
    await queryRunner.query(`ALTER TABLE "conversation_versions" ENABLE ROW LEVEL SECURITY`);
    await queryRunner.query(
      `CREATE POLICY tenant_isolation ON "conversation_versions" TO hirevision_app USING ("tenant_id" = app_tenant_id()) WITH CHECK ("tenant_id" = app_tenant_id())`,
    );
    await queryRunner.query(`CREATE POLICY system_access ON "conversation_versions" TO hirevision_system USING (true) WITH CHECK (true)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const event of ['insert', 'update', 'delete', 'truncate']) await queryRunner.query(`DROP TRIGGER conversation_${event} ON "conversation_messages"`);
    await queryRunner.query(`DROP FUNCTION conversation_truncated()`);
    await queryRunner.query(`DROP FUNCTION conversation_changed()`);
    await queryRunner.query(`DROP TABLE "conversation_versions"`);
    await queryRunner.query(`DROP SEQUENCE "conversation_versions_seq"`);
  }
}
