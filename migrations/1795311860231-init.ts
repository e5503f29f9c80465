import { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1795311860231 implements MigrationInterface {
  name = 'Init1795311860231';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "tenants" ("id" SERIAL NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "name" character varying(200) NOT NULL, "company_name" character varying(200) NOT NULL, "default_token_ttl_hours" integer NOT NULL DEFAULT '168', "consent_required" boolean NOT NULL DEFAULT true, "consent_text_version" character varying(50) NOT NULL DEFAULT 'v1', "candidate_retention_days" integer, "webhook_url" character varying(2048), CONSTRAINT "PK_53be67a04681c66b87ee27c9321" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "users" ("id" SERIAL NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "tenant_id" integer NOT NULL, "email" character varying(254) NOT NULL, "name" character varying(200) NOT NULL, "role" character varying(20) NOT NULL, "password_hash" character varying(255), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_97672ac88f789774dd47f7c8be" ON "users"  ("email") `);
    await queryRunner.query(`CREATE INDEX "IDX_96bb2f14a3cd3f8e046898b08b" ON "users"  ("tenant_id", "id") `);
    await queryRunner.query(`CREATE TABLE "password_setup_tokens" ("id" SERIAL NOT NULL, "user_id" integer NOT NULL, "token_hash" character(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0e1c70fc5212d9139d13e4f5711" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_c7be7986f99325e1ccfc957853" ON "password_setup_tokens"  ("user_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_317e6e6b1658798d7862648b6e" ON "password_setup_tokens"  ("token_hash") `);
    await queryRunner.query(`CREATE TABLE "refresh_tokens" ("id" SERIAL NOT NULL, "tenant_id" integer NOT NULL, "user_id" integer NOT NULL, "family_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7d8bee0204106019488c4c50ffa" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_3ddc983c5f7bcf132fd8732c3f" ON "refresh_tokens"  ("user_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_d5e27da0cd39bc3bb2811fc8ba" ON "refresh_tokens"  ("family_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_a7838d2ba25be1342091b6695f" ON "refresh_tokens"  ("token_hash") `);
    await queryRunner.query(`CREATE TABLE "outbox_messages" ("id" SERIAL NOT NULL, "tenant_id" integer, "kind" character varying(50) NOT NULL, "subject_ref" character varying(100), "to_address" character varying(254) NOT NULL, "subject" character varying(300) NOT NULL, "html" text NOT NULL, "text" text NOT NULL, "status" character varying(10) NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_error" character varying(500), "provider_message_id" character varying(200), "sent_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0171348f527c64b137e4d4f5b66" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_c4d579ac6b7edc443fb0ecd213" ON "outbox_messages"  ("subject_ref") `);
    await queryRunner.query(`CREATE INDEX "IDX_c143ef736a9c9b3459e149cc37" ON "outbox_messages"  ("tenant_id", "id") `);
    await queryRunner.query(`CREATE INDEX "IDX_026b59e1ff189e25edecb09f84" ON "outbox_messages"  ("status", "next_attempt_at") `);
    await queryRunner.query(`ALTER TABLE "users" ADD CONSTRAINT "FK_109638590074998bb72a2f2cf08" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "password_setup_tokens" ADD CONSTRAINT "FK_c7be7986f99325e1ccfc957853b" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "refresh_tokens" ADD CONSTRAINT "FK_3ddc983c5f7bcf132fd8732c3f4" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "refresh_tokens" DROP CONSTRAINT "FK_3ddc983c5f7bcf132fd8732c3f4"`);
    await queryRunner.query(`ALTER TABLE "password_setup_tokens" DROP CONSTRAINT "FK_c7be7986f99325e1ccfc957853b"`);
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "FK_109638590074998bb72a2f2cf08"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_026b59e1ff189e25edecb09f84"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c143ef736a9c9b3459e149cc37"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c4d579ac6b7edc443fb0ecd213"`);
    await queryRunner.query(`DROP TABLE "outbox_messages"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a7838d2ba25be1342091b6695f"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d5e27da0cd39bc3bb2811fc8ba"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_3ddc983c5f7bcf132fd8732c3f"`);
    await queryRunner.query(`DROP TABLE "refresh_tokens"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_317e6e6b1658798d7862648b6e"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c7be7986f99325e1ccfc957853"`);
    await queryRunner.query(`DROP TABLE "password_setup_tokens"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_96bb2f14a3cd3f8e046898b08b"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_97672ac88f789774dd47f7c8be"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP TABLE "tenants"`);
  }
}
