import { MigrationInterface, QueryRunner } from 'typeorm';

export class BackgroundJobs1796520662973 implements MigrationInterface {
  name = 'BackgroundJobs1796520662973';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "background_jobs" ("id" SERIAL NOT NULL, "tenant_id" integer NOT NULL, "kind" character varying(40) NOT NULL, "payload" jsonb NOT NULL, "dedupe_key" character varying(200), "status" character varying(10) NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_error" character varying(500), "done_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c1f31731b1a02806c4aa631acb8" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_d6bdac8e02a3f51462880aacf9" ON "background_jobs"  ("dedupe_key") `);
    await queryRunner.query(`CREATE INDEX "IDX_5e34c6344c7b3e80048e534757" ON "background_jobs"  ("tenant_id", "id") `);
    await queryRunner.query(`CREATE INDEX "IDX_2ccb5faf29edd2c4d6f17eee47" ON "background_jobs"  ("status", "next_attempt_at") `);
    // Interviews completed and not yet scored were picked up by a sweep at start-up; now each gets its job.
    await queryRunner.query(
      `INSERT INTO "background_jobs" ("tenant_id", "kind", "payload", "dedupe_key")
       SELECT "tenant_id", 'interview.completed', jsonb_build_object('interview_id', "id"), 'interview.completed:' || "id"
       FROM "interviews" WHERE "status" = 'completed' AND "analysis_status" = 'pending'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_2ccb5faf29edd2c4d6f17eee47"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5e34c6344c7b3e80048e534757"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d6bdac8e02a3f51462880aacf9"`);
    await queryRunner.query(`DROP TABLE "background_jobs"`);
  }
}
