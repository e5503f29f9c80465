import { MigrationInterface, QueryRunner } from 'typeorm';

export class SealOutboxActionLinks1796411086826 implements MigrationInterface {
  name = 'SealOutboxActionLinks1796411086826';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox_messages" ADD "sealed_action" text`);
    // Messages already sent or given up no longer need their links: take the one-time tokens out of them.
    // Pending ones keep theirs in the body and are sent as they are (they carry no placeholder).
    await queryRunner.query(
      `UPDATE "outbox_messages"
          SET "text" = regexp_replace("text", '#token=[A-Za-z0-9_-]+', '#token=[removed]', 'g'),
              "html" = regexp_replace("html", '#token=[A-Za-z0-9_-]+', '#token=[removed]', 'g')
        WHERE "status" <> 'pending' AND ("text" LIKE '%#token=%' OR "html" LIKE '%#token=%')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox_messages" DROP COLUMN "sealed_action"`);
  }
}
