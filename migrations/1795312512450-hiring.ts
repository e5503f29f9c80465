import { MigrationInterface, QueryRunner } from 'typeorm';

export class Hiring1795312512450 implements MigrationInterface {
  name = 'Hiring1795312512450';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "jobs" ("id" SERIAL NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "tenant_id" integer NOT NULL, "title" character varying(200) NOT NULL, "description" text NOT NULL DEFAULT '', "location" character varying(200), "skills" jsonb NOT NULL DEFAULT '[]', "is_active" boolean NOT NULL DEFAULT true, "question_set" jsonb, CONSTRAINT "PK_cf0a6c42b72fcc7f7c237def345" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_60e17d7dea1ca87cefb8a1cec2" ON "jobs"  ("tenant_id", "is_active", "id") `);
    await queryRunner.query(`CREATE INDEX "IDX_0bee3a0c71d8edd06da8dda797" ON "jobs"  ("tenant_id", "id") `);
    await queryRunner.query(`CREATE TABLE "candidates" ("id" SERIAL NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "tenant_id" integer NOT NULL, "job_id" integer NOT NULL, "name" character varying(200) NOT NULL, "email" character varying(254) NOT NULL, "phone" character varying(50), "resume_text" text, "skills" jsonb NOT NULL DEFAULT '[]', "years_experience" integer, "status" character varying(20) NOT NULL DEFAULT 'new', CONSTRAINT "PK_140681296bf033ab1eb95288abb" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_5fa1f3dd7129c46a0e6c4200f6" ON "candidates"  ("job_id", "email") `);
    await queryRunner.query(`CREATE INDEX "IDX_60199552badcadbbdd60cea8d8" ON "candidates"  ("tenant_id", "id") `);
    await queryRunner.query(`CREATE INDEX "IDX_bfe54f3953b4aeb448f5f55d91" ON "candidates"  ("tenant_id", "job_id", "id") `);
    await queryRunner.query(`CREATE TABLE "interviews" ("id" SERIAL NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "tenant_id" integer NOT NULL, "candidate_id" integer NOT NULL, "job_id" integer NOT NULL, "status" character varying(20) NOT NULL DEFAULT 'scheduled', "expires_at" TIMESTAMP WITH TIME ZONE, "created_by_user_id" integer, "started_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "cancelled_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_fd41af1f96d698fa33c2f070f47" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_50dcfe5163305a113b91a3baa9" ON "interviews"  ("tenant_id", "status", "id") `);
    await queryRunner.query(`CREATE INDEX "IDX_2a1fa83405829028c7288e903c" ON "interviews"  ("tenant_id", "job_id", "id") `);
    await queryRunner.query(`CREATE INDEX "IDX_b7948927f1bfac3349134c0d22" ON "interviews"  ("tenant_id", "candidate_id", "id") `);
    await queryRunner.query(`CREATE INDEX "IDX_f8fdee75153f20511da42659f1" ON "interviews"  ("tenant_id", "id") `);
    await queryRunner.query(`CREATE TABLE "invite_tokens" ("id" SERIAL NOT NULL, "tenant_id" integer NOT NULL, "interview_id" integer NOT NULL, "candidate_id" integer NOT NULL, "token_hash" character(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5a05a43816424a1abac69e1f8a5" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_b728a0bd605dc34a9a5ef7fba2" ON "invite_tokens"  ("token_hash") `);
    await queryRunner.query(`CREATE INDEX "IDX_14beb058d1cefd364e59711466" ON "invite_tokens"  ("interview_id", "id") `);
    await queryRunner.query(`ALTER TABLE "jobs" ADD CONSTRAINT "FK_6da9e1074e2c60f9c4a422a0a62" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "candidates" ADD CONSTRAINT "FK_f05c4cdcdc57d7d3cb0ef129d3c" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "candidates" ADD CONSTRAINT "FK_228fd4c33ad8656273641fcafcc" FOREIGN KEY ("job_id") REFERENCES "jobs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "interviews" ADD CONSTRAINT "FK_9fe747f64e2102d4e751b2af710" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "interviews" ADD CONSTRAINT "FK_74f05927fc5dd3d5258bad5f609" FOREIGN KEY ("candidate_id") REFERENCES "candidates"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "invite_tokens" ADD CONSTRAINT "FK_498124a7b02ff02d7d4ebe15d27" FOREIGN KEY ("interview_id") REFERENCES "interviews"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    // Full-text search indexes (expressions must match JOB_SEARCH_VECTOR / CANDIDATE_SEARCH_VECTOR).
    await queryRunner.query(`CREATE INDEX "IDX_jobs_search" ON "jobs" USING gin (to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(description, '')))`);
    await queryRunner.query(`CREATE INDEX "IDX_candidates_search" ON "candidates" USING gin (to_tsvector('simple', coalesce(name, '') || ' ' || translate(email, '@.+_-', '     ')))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_candidates_search"`);
    await queryRunner.query(`DROP INDEX "IDX_jobs_search"`);
    await queryRunner.query(`ALTER TABLE "invite_tokens" DROP CONSTRAINT "FK_498124a7b02ff02d7d4ebe15d27"`);
    await queryRunner.query(`ALTER TABLE "interviews" DROP CONSTRAINT "FK_74f05927fc5dd3d5258bad5f609"`);
    await queryRunner.query(`ALTER TABLE "interviews" DROP CONSTRAINT "FK_9fe747f64e2102d4e751b2af710"`);
    await queryRunner.query(`ALTER TABLE "candidates" DROP CONSTRAINT "FK_228fd4c33ad8656273641fcafcc"`);
    await queryRunner.query(`ALTER TABLE "candidates" DROP CONSTRAINT "FK_f05c4cdcdc57d7d3cb0ef129d3c"`);
    await queryRunner.query(`ALTER TABLE "jobs" DROP CONSTRAINT "FK_6da9e1074e2c60f9c4a422a0a62"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_14beb058d1cefd364e59711466"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b728a0bd605dc34a9a5ef7fba2"`);
    await queryRunner.query(`DROP TABLE "invite_tokens"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f8fdee75153f20511da42659f1"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b7948927f1bfac3349134c0d22"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_2a1fa83405829028c7288e903c"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_50dcfe5163305a113b91a3baa9"`);
    await queryRunner.query(`DROP TABLE "interviews"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_bfe54f3953b4aeb448f5f55d91"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_60199552badcadbbdd60cea8d8"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5fa1f3dd7129c46a0e6c4200f6"`);
    await queryRunner.query(`DROP TABLE "candidates"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_0bee3a0c71d8edd06da8dda797"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_60e17d7dea1ca87cefb8a1cec2"`);
    await queryRunner.query(`DROP TABLE "jobs"`);
  }
}
