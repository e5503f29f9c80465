import { createTestApp, TestApp } from './helpers/app';

describe('database schema', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('entities and migrations agree (run `npm run migration:generate -- Name` when this fails)', async () => {
    const diff = await t.dataSource.driver.createSchemaBuilder().log();
    expect(diff.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('all migrations are applied', async () => {
    expect(await t.dataSource.showMigrations()).toBe(false);
  });
});
