import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Candidates per organization and job, kept by statement-level triggers, so a list's X-Total-Count is one
 * index lookup instead of a count over the organization's candidates (see CandidatesRepository.page).
 * A candidate never moves to another job or organization; the update trigger refuses it, since the counts
 * would drift.
 */
export class CandidateCounts1796500000000 implements MigrationInterface {
  name = 'CandidateCounts1796500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "candidate_counts" ("tenant_id" integer NOT NULL, "job_id" integer NOT NULL, "count" bigint NOT NULL, CONSTRAINT "PK_candidate_counts" PRIMARY KEY ("tenant_id", "job_id"))`,
    );
    await queryRunner.query(`LOCK TABLE "candidates" IN SHARE MODE`);
    await queryRunner.query(`INSERT INTO "candidate_counts" SELECT "tenant_id", "job_id", count(*) FROM "candidates" GROUP BY 1, 2`);
    await queryRunner.query(`CREATE FUNCTION candidate_counts_added() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO candidate_counts (tenant_id, job_id, count)
          SELECT tenant_id, job_id, count(*) FROM added GROUP BY tenant_id, job_id ORDER BY tenant_id, job_id
          ON CONFLICT (tenant_id, job_id) DO UPDATE SET count = candidate_counts.count + EXCLUDED.count;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE FUNCTION candidate_counts_removed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE candidate_counts c SET count = c.count - r.n
          FROM (SELECT tenant_id, job_id, count(*) AS n FROM removed GROUP BY tenant_id, job_id) r
          WHERE c.tenant_id = r.tenant_id AND c.job_id = r.job_id;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE FUNCTION candidate_counts_refuse_move() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'a candidate cannot move to another job or organization';
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER candidate_counts_added AFTER INSERT ON "candidates" REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION candidate_counts_added()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER candidate_counts_removed AFTER DELETE ON "candidates" REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION candidate_counts_removed()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER candidate_counts_refuse_move BEFORE UPDATE OF "tenant_id", "job_id" ON "candidates" FOR EACH ROW
       WHEN (OLD.tenant_id IS DISTINCT FROM NEW.tenant_id OR OLD.job_id IS DISTINCT FROM NEW.job_id) EXECUTE FUNCTION candidate_counts_refuse_move()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER candidate_counts_refuse_move ON "candidates"`);
    await queryRunner.query(`DROP TRIGGER candidate_counts_removed ON "candidates"`);
    await queryRunner.query(`DROP TRIGGER candidate_counts_added ON "candidates"`);
    await queryRunner.query(`DROP FUNCTION candidate_counts_refuse_move()`);
    await queryRunner.query(`DROP FUNCTION candidate_counts_removed()`);
    await queryRunner.query(`DROP FUNCTION candidate_counts_added()`);
    await queryRunner.query(`DROP TABLE "candidate_counts"`);
  }
}
