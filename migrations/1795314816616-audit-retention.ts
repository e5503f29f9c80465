import { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditRetention1795314816616 implements MigrationInterface {
  name = 'AuditRetention1795314816616';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "access_logs" ("id" BIGSERIAL NOT NULL, "tenant_id" integer, "user_id" integer, "invite_token_id" integer, "method" character varying(10) NOT NULL, "route" character varying(200) NOT NULL, "path" character varying(500) NOT NULL, "status" smallint NOT NULL, "duration_ms" integer NOT NULL, "ip" character varying(64), "user_agent" character varying(300), "request_id" character varying(128) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_73016a99e25b421f7bca271ca86" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_396253f59749f08ec35257c5bf" ON "access_logs"  ("created_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_c9c37d4a1140f6ccfe175869ea" ON "access_logs"  ("tenant_id", "created_at") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_c9c37d4a1140f6ccfe175869ea"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_396253f59749f08ec35257c5bf"`);
    await queryRunner.query(`DROP TABLE "access_logs"`);
  }
}
