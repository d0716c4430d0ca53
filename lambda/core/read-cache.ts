import { LRUCache } from 'lru-cache';

export interface ReadCacheOptions<V> {
  /** How long an answer is reused, unless `keep` says otherwise for that answer; 0 turns the cache off. */
  ttlSeconds: number;
  /** The most answers kept; the least recently used is dropped first. */
  maxEntries: number;
  /** The clock of the TTLs (tests and the benchmark replay streams on their own). */
  now?: () => number;
  /**
   * For one answer: `false` to not keep it at all, a number of milliseconds from now to keep it that long instead of
   * the TTL, or `undefined` for the TTL.
   */
  keep?: (value: V) => false | number | undefined;
}

/**
 * The one read-through cache of the functions (session lookups, IAM tags): an LRU bounded in entries, with a TTL,
 * where concurrent reads of one key share a single load. A failed load is not kept, so the next read tries again.
 */
export class ReadCache<V extends object> {
  private readonly lru: LRUCache<string, V, Load<V>>;

  constructor(private readonly options: ReadCacheOptions<V>) {
    this.lru = new LRUCache<string, V, Load<V>>({
      max: options.maxEntries,
      ttl: options.ttlSeconds * 1000,
      // Read the clock at every check: a replayed stream moves it by hours between two events.
      ttlResolution: 0,
      // lru-cache takes a start time of 0 for "no TTL": a test clock that starts at 0 is moved off it.
      ...(options.now ? { perf: { now: () => options.now!() + 1 } } : {}),
      fetchMethod: async (_key, _stale, { context, options: set }) => {
        const value = await context.load();
        const keep = (context.keep ?? options.keep)?.(value);
        if (typeof keep === 'number') set.ttl = Math.max(set.ttl ?? 0, keep);
        return value;
      },
    });
  }

  /** The cached answer for `key`, or the one `load` gives; `keep` overrides the cache's own for this key. */
  async read(key: string, load: () => Promise<V>, keep?: ReadCacheOptions<V>['keep']): Promise<V> {
    // A TTL of 0 means "do not cache" here; to lru-cache it would mean "keep forever".
    if (this.options.ttlSeconds <= 0) return load();
    const value = (await this.lru.fetch(key, { context: { load, keep } })) as V;
    if ((keep ?? this.options.keep)?.(value) === false && this.lru.peek(key) === value) this.lru.delete(key);
    return value;
  }
}

interface Load<V> {
  load: () => Promise<V>;
  keep?: ReadCacheOptions<V>['keep'];
}
