import { MigrationInterface, QueryRunner } from 'typeorm';

export class AnalysisMetricsWebhooks1795314235351 implements MigrationInterface {
  name = 'AnalysisMetricsWebhooks1795314235351';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "request_counts" ("tenant_id" integer NOT NULL, "minute" TIMESTAMP WITH TIME ZONE NOT NULL, "status" smallint NOT NULL, "code" character varying(40) NOT NULL, "count" integer NOT NULL, CONSTRAINT "PK_f01c6c6deac032f8372383454b6" PRIMARY KEY ("tenant_id", "minute", "status", "code"))`);
    await queryRunner.query(`CREATE TABLE "webhook_deliveries" ("id" SERIAL NOT NULL, "tenant_id" integer NOT NULL, "event" character varying(50) NOT NULL, "url" character varying(2048) NOT NULL, "payload" text NOT NULL, "subject_ref" character varying(100), "status" character varying(10) NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_error" character varying(500), "response_status" integer, "sent_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_535dd409947fb6d8fc6dfc0112a" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_96b635123fa25f788eabb1118d" ON "webhook_deliveries"  ("subject_ref") `);
    await queryRunner.query(`CREATE INDEX "IDX_b41a9153894afa48ae2cccd8de" ON "webhook_deliveries"  ("tenant_id", "id") `);
    await queryRunner.query(`CREATE INDEX "IDX_284017efc3cbfe592288749a9c" ON "webhook_deliveries"  ("status", "next_attempt_at") `);
    await queryRunner.query(`CREATE TABLE "webhook_replays" ("signature" character(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_aae02e340978a7d7309eb29ff97" PRIMARY KEY ("signature"))`);
    await queryRunner.query(`CREATE INDEX "IDX_8ff48d40db310b0120543913ca" ON "webhook_replays"  ("expires_at") `);
    await queryRunner.query(`CREATE TABLE "webhook_secrets" ("id" SERIAL NOT NULL, "tenant_id" integer NOT NULL, "secret" character varying(100) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_50b998e9fcc99aa3e0d8123c154" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_c07216b6bd195a85aeb9384b81" ON "webhook_secrets"  ("tenant_id", "id") `);
    await queryRunner.query(`CREATE TABLE "interview_analyses" ("id" SERIAL NOT NULL, "tenant_id" integer NOT NULL, "interview_id" integer NOT NULL, "overall_score" double precision NOT NULL, "communication_score" double precision NOT NULL, "technical_score" double precision NOT NULL, "cultural_fit_score" double precision NOT NULL, "summary" text NOT NULL, "strengths" text NOT NULL, "weaknesses" text NOT NULL, "model_used" character varying(40) NOT NULL, "ready_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4f1ee242fb0bf72e7627978128e" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_c87234c5df7466d168228f2a83" ON "interview_analyses"  ("tenant_id", "interview_id", "id") `);
    await queryRunner.query(`ALTER TABLE "interview_analyses" ADD CONSTRAINT "FK_78756fa874b6d6819d37d0f2274" FOREIGN KEY ("interview_id") REFERENCES "interviews"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "interview_analyses" DROP CONSTRAINT "FK_78756fa874b6d6819d37d0f2274"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c87234c5df7466d168228f2a83"`);
    await queryRunner.query(`DROP TABLE "interview_analyses"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c07216b6bd195a85aeb9384b81"`);
    await queryRunner.query(`DROP TABLE "webhook_secrets"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8ff48d40db310b0120543913ca"`);
    await queryRunner.query(`DROP TABLE "webhook_replays"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_284017efc3cbfe592288749a9c"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b41a9153894afa48ae2cccd8de"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_96b635123fa25f788eabb1118d"`);
    await queryRunner.query(`DROP TABLE "webhook_deliveries"`);
    await queryRunner.query(`DROP TABLE "request_counts"`);
  }
}
