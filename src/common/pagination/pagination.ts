import { applyDecorators, Type as ClassType } from '@nestjs/common';
import { ApiOkResponse, ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

export const MAX_PER_PAGE = 100;

export class PageQueryDto {
  @ApiProperty({ type: 'integer', required: false, default: 1, minimum: 1, maximum: 100000, example: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  page: number = 1;

  @ApiProperty({ type: 'integer', required: false, default: 20, minimum: 1, maximum: MAX_PER_PAGE, example: 20 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PER_PAGE)
  per_page: number = 20;

  get offset(): number {
    return (this.page - 1) * this.per_page;
  }
}

/**
 * A list's items as the JSON array text the database rendered (see HotReads). What Express's `res.send` works
 * out for a body, its length in bytes and its ETag, is worked out once per text and kept with it: a remembered
 * page is sent many times (see CandidatesRepository.page).
 */
export class RenderedItems {
  byteLength?: number;
  etag?: string;

  constructor(readonly json: string) {}
}

/**
 * One page of a list. The pagination interceptor turns it into a JSON array plus headers. A page is either
 * `items` or, for the hottest reads, `rendered`: the same array already rendered by the database.
 */
export class Page<T> {
  constructor(
    readonly items: T[],
    readonly total: number,
    readonly page: number,
    readonly perPage: number,
    readonly rendered?: RenderedItems,
  ) {}

  static of<E, T>(rows: E[], total: number, query: PageQueryDto, map: (row: E) => T): Page<T> {
    return new Page(rows.map(map), total, query.page, query.per_page);
  }

  /** A page whose items arrive as the JSON array text of `T` items, sent as it is. */
  static rendered<T>(items: RenderedItems, total: number, query: PageQueryDto): Page<T> {
    return new Page<T>([], total, query.page, query.per_page, items);
  }
}

/** A plain path (no dots, escapes or empty segments) with no query but page and per_page, in that order. */
const PLAIN_PAGE_URL = /^(\/[A-Za-z0-9_-]+)+(?:\?page=\d+(?:&per_page=\d+)?)?$/;

/** RFC 8288 Link header: first, prev, next, last (relative URLs keeping the other query parameters). */
export function linkHeader(originalUrl: string, page: number, perPage: number, total: number): string {
  const last = Math.max(1, Math.ceil(total / perPage));
  let at: (p: number) => string;
  if (PLAIN_PAGE_URL.test(originalUrl)) {
    // The common case, written directly: what the URL API below would answer for it, without parsing.
    const path = originalUrl.split('?', 1)[0];
    at = (p) => `<${path}?page=${p}&per_page=${perPage}>`;
  } else {
    const url = new URL(originalUrl, 'http://placeholder');
    at = (p) => {
      url.searchParams.set('page', String(p));
      url.searchParams.set('per_page', String(perPage));
      return `<${url.pathname}${url.search}>`;
    };
  }
  const links = [`${at(1)}; rel="first"`];
  if (page > 1) links.push(`${at(Math.min(page - 1, last))}; rel="prev"`);
  if (page < last) links.push(`${at(page + 1)}; rel="next"`);
  links.push(`${at(last)}; rel="last"`);
  return links.join(', ');
}

/** OpenAPI for a paginated list: an array of `type` with the pagination headers. */
export const ApiPage = (type: ClassType<unknown>) =>
  applyDecorators(
    ApiOkResponse({
      type: [type],
      headers: {
        'X-Total-Count': {
          description: 'Total number of items across all pages (a candidate list filtered by q or status that matches more than 10,000 candidates: an estimate, at least 10,001)',
          schema: { type: 'integer' },
        },
        Link: { description: 'RFC 8288 links: first, prev, next, last', schema: { type: 'string' } },
      },
    }),
  );
