import { linkHeader } from './pagination';

describe('linkHeader', () => {
  it('gives first, prev, next and last, keeping other query parameters', () => {
    expect(linkHeader('/api/v1/jobs?q=dev&page=2&per_page=10', 2, 10, 45)).toBe(
      [
        '</api/v1/jobs?q=dev&page=1&per_page=10>; rel="first"',
        '</api/v1/jobs?q=dev&page=1&per_page=10>; rel="prev"',
        '</api/v1/jobs?q=dev&page=3&per_page=10>; rel="next"',
        '</api/v1/jobs?q=dev&page=5&per_page=10>; rel="last"',
      ].join(', '),
    );
  });

  it('has no prev on the first page and no next on the last', () => {
    const header = linkHeader('/x', 1, 20, 20);
    expect(header).not.toContain('rel="prev"');
    expect(header).not.toContain('rel="next"');
    expect(header).toContain('</x?page=1&per_page=20>; rel="last"');
  });

  it('treats an empty list as one page', () => {
    expect(linkHeader('/x', 1, 20, 0)).toContain('</x?page=1&per_page=20>; rel="last"');
  });

  it('points prev at the last page when asked past the end', () => {
    expect(linkHeader('/x', 9, 10, 25)).toContain('</x?page=3&per_page=10>; rel="prev"');
  });
});

describe('linkHeader on plain URLs', () => {
  it('answers what the URL API answers', () => {
    const viaUrlApi = (originalUrl: string, page: number, perPage: number, total: number) =>
      // A query parameter the fast path does not take forces the URL API; it is then removed again.
      linkHeader(`${originalUrl}${originalUrl.includes('?') ? '&' : '?'}zz=1`, page, perPage, total).replace(/&zz=1|zz=1&/g, '');
    for (const url of ['/api/v1/candidates', '/api/v1/candidates?page=3', '/api/v1/candidates?page=3&per_page=20', '/api/v1/conversation/12']) {
      for (const [page, perPage, total] of [[1, 20, 0], [1, 20, 45], [3, 20, 45], [9, 10, 25], [2, 100, 1000]]) {
        expect([url, page, linkHeader(url, page, perPage, total)]).toEqual([url, page, viaUrlApi(url, page, perPage, total)]);
      }
    }
  });
});
