import 'reflect-metadata';
import { Transform, Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { QueryCachingValidationPipe } from './query-caching-validation.pipe';

let transforms = 0;

class PageQuery {
  @Transform(({ value }: { value: unknown }) => {
    transforms++;
    return Number(value);
  })
  @IsInt()
  @Min(1)
  page: number = 1;

  @Type(() => Number)
  @IsInt()
  @Max(100)
  per_page: number = 20;

  get offset(): number {
    return (this.page - 1) * this.per_page;
  }
}

class OtherQuery {
  @Type(() => Number)
  @IsInt()
  page: number = 7;
}

describe('QueryCachingValidationPipe', () => {
  const pipe = new QueryCachingValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });
  const query = (metatype: new () => object) => ({ type: 'query' as const, metatype, data: undefined });

  beforeEach(() => (transforms = 0));

  it('transforms and validates a query string once, and gives each request its own copy', async () => {
    const first = (await pipe.transform({ page: '3', per_page: '10' }, query(PageQuery))) as PageQuery;
    const second = (await pipe.transform({ page: '3', per_page: '10' }, query(PageQuery))) as PageQuery;
    expect(transforms).toBe(1);
    expect(second).toBeInstanceOf(PageQuery);
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
    expect(second.offset).toBe(20);
    second.page = 99;
    expect(((await pipe.transform({ page: '3', per_page: '10' }, query(PageQuery))) as PageQuery).page).toBe(3);
  });

  it('refuses a bad query every time, and keeps classes apart', async () => {
    await expect(pipe.transform({ page: '0' }, query(PageQuery))).rejects.toThrow();
    await expect(pipe.transform({ page: '0' }, query(PageQuery))).rejects.toThrow();
    await expect(pipe.transform({ page: '1', extra: 'x' }, query(PageQuery))).rejects.toThrow();
    expect(((await pipe.transform({}, query(PageQuery))) as PageQuery).page).toBe(1);
    expect(((await pipe.transform({}, query(OtherQuery))) as OtherQuery).page).toBe(7);
  });

  it('does not remember bodies', async () => {
    await pipe.transform({ page: '2' }, { type: 'body', metatype: PageQuery, data: undefined });
    await pipe.transform({ page: '2' }, { type: 'body', metatype: PageQuery, data: undefined });
    expect(transforms).toBe(2);
  });
});
