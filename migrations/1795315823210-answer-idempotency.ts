import { MigrationInterface, QueryRunner } from 'typeorm';

export class AnswerIdempotency1795315823210 implements MigrationInterface {
  name = 'AnswerIdempotency1795315823210';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "conversation_messages" ADD "idempotency_key" character varying(100)`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_37d1020095dd3f75f0dfba8b69" ON "conversation_messages"  ("interview_id", "idempotency_key") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_37d1020095dd3f75f0dfba8b69"`);
    await queryRunner.query(`ALTER TABLE "conversation_messages" DROP COLUMN "idempotency_key"`);
  }
}
