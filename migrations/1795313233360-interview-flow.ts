import { MigrationInterface, QueryRunner } from 'typeorm';

export class InterviewFlow1795313233360 implements MigrationInterface {
  name = 'InterviewFlow1795313233360';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "conversation_messages" ("id" SERIAL NOT NULL, "tenant_id" integer NOT NULL, "interview_id" integer NOT NULL, "role" character varying(10) NOT NULL, "content" text NOT NULL, "sequence_number" integer NOT NULL, "question_id" character varying(20), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_113248f25c4c0a7c179b3f5a609" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_2a99b5eaf6750b5569f303fbfe" ON "conversation_messages"  ("interview_id", "sequence_number") `);
    await queryRunner.query(`CREATE TABLE "metric_samples" ("id" BIGSERIAL NOT NULL, "tenant_id" integer NOT NULL, "kind" character varying(10) NOT NULL, "source" character varying(10) NOT NULL, "operation" character varying(30) NOT NULL, "duration_ms" integer NOT NULL, "success" boolean NOT NULL, "size_bytes" bigint, "interview_id" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_21aecc6180afbd6e0f6fcd82b62" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_6470f5983f730f5bcd80d9c74f" ON "metric_samples"  ("created_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_39b3933f85f692c16464700e11" ON "metric_samples"  ("tenant_id", "kind", "created_at") `);
    await queryRunner.query(`CREATE TABLE "transcripts" ("id" SERIAL NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "tenant_id" integer NOT NULL, "interview_id" integer NOT NULL, "text" text NOT NULL, "provider" character varying(20) NOT NULL, CONSTRAINT "REL_d49a874f80a5f689f7432c08c1" UNIQUE ("interview_id"), CONSTRAINT "PK_40c75f89c1fc953cd33e702247d" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "media_uploads" ("id" SERIAL NOT NULL, "tenant_id" integer NOT NULL, "interview_id" integer NOT NULL, "candidate_id" integer NOT NULL, "key" character varying(200) NOT NULL, "kind" character varying(10) NOT NULL, "content_type" character varying(100) NOT NULL, "size_bytes" bigint, "status" character varying(12) NOT NULL DEFAULT 'presigned', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "uploaded_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_af36cb16c5cc7d6bab1f6d4d289" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_c0d359473bfb609b178c1aa2d5" ON "media_uploads"  ("key") `);
    await queryRunner.query(`CREATE INDEX "IDX_0e1bf106fb3f22d62de46870b0" ON "media_uploads"  ("tenant_id", "candidate_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_230e87f33960529953951ca8c1" ON "media_uploads"  ("tenant_id", "interview_id", "id") `);
    await queryRunner.query(`ALTER TABLE "interviews" ADD "consent_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "interviews" ADD "consent_ip" character varying(64)`);
    await queryRunner.query(`ALTER TABLE "interviews" ADD "consent_text_version" character varying(50)`);
    await queryRunner.query(`ALTER TABLE "interviews" ADD "questions" jsonb`);
    await queryRunner.query(`ALTER TABLE "interviews" ADD "human_requested_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "interviews" ADD "analysis_status" character varying(10) NOT NULL DEFAULT 'none'`);
    await queryRunner.query(`ALTER TABLE "conversation_messages" ADD CONSTRAINT "FK_bccd3c3b3d453ec59bb70138167" FOREIGN KEY ("interview_id") REFERENCES "interviews"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "transcripts" ADD CONSTRAINT "FK_d49a874f80a5f689f7432c08c16" FOREIGN KEY ("interview_id") REFERENCES "interviews"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "media_uploads" ADD CONSTRAINT "FK_d02ff16d951fbab9bda9e4eea16" FOREIGN KEY ("interview_id") REFERENCES "interviews"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "media_uploads" DROP CONSTRAINT "FK_d02ff16d951fbab9bda9e4eea16"`);
    await queryRunner.query(`ALTER TABLE "transcripts" DROP CONSTRAINT "FK_d49a874f80a5f689f7432c08c16"`);
    await queryRunner.query(`ALTER TABLE "conversation_messages" DROP CONSTRAINT "FK_bccd3c3b3d453ec59bb70138167"`);
    await queryRunner.query(`ALTER TABLE "interviews" DROP COLUMN "analysis_status"`);
    await queryRunner.query(`ALTER TABLE "interviews" DROP COLUMN "human_requested_at"`);
    await queryRunner.query(`ALTER TABLE "interviews" DROP COLUMN "questions"`);
    await queryRunner.query(`ALTER TABLE "interviews" DROP COLUMN "consent_text_version"`);
    await queryRunner.query(`ALTER TABLE "interviews" DROP COLUMN "consent_ip"`);
    await queryRunner.query(`ALTER TABLE "interviews" DROP COLUMN "consent_at"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_230e87f33960529953951ca8c1"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_0e1bf106fb3f22d62de46870b0"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c0d359473bfb609b178c1aa2d5"`);
    await queryRunner.query(`DROP TABLE "media_uploads"`);
    await queryRunner.query(`DROP TABLE "transcripts"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_39b3933f85f692c16464700e11"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6470f5983f730f5bcd80d9c74f"`);
    await queryRunner.query(`DROP TABLE "metric_samples"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_2a99b5eaf6750b5569f303fbfe"`);
    await queryRunner.query(`DROP TABLE "conversation_messages"`);
  }
}
