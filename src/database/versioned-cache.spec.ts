import { VersionedCache } from './versioned-cache';

describe('VersionedCache', () => {
  it('answers what was kept for a key, with its version, and replaces it', () => {
    const cache = new VersionedCache<string>(100);
    expect(cache.get('a')).toBeUndefined();
    cache.set('a', '1', 'one', 10);
    expect(cache.get('a')).toEqual({ version: '1', value: 'one', size: 10 });
    cache.set('a', '2', 'two', 30);
    expect(cache.get('a')).toEqual({ version: '2', value: 'two', size: 30 });
    expect(cache.usage).toEqual({ entries: 1, size: 30 });
    cache.delete('a');
    cache.delete('a');
    expect(cache.get('a')).toBeUndefined();
    expect(cache.usage).toEqual({ entries: 0, size: 0 });
  });

  it('drops the least recently used entries once the sizes pass the limit', () => {
    const cache = new VersionedCache<string>(100);
    cache.set('a', '1', 'a', 40);
    cache.set('b', '1', 'b', 40);
    cache.get('a');
    cache.set('c', '1', 'c', 40);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.value).toBe('a');
    expect(cache.get('c')?.value).toBe('c');
    expect(cache.usage).toEqual({ entries: 2, size: 80 });
  });

  it('does not keep a value larger than the whole cache, nor an older value of its key', () => {
    const cache = new VersionedCache<string>(100);
    cache.set('a', '1', 'small', 10);
    cache.set('a', '2', 'huge', 101);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.usage).toEqual({ entries: 0, size: 0 });
  });
});
