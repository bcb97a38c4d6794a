namespace ZohoCrm.Emulator.Data.Seeding;

/// <summary>Deterministic pseudo-random numbers from (seed, module, record index, purpose): no state, so any record can be generated on demand.</summary>
internal readonly struct SeedHash
{
    private readonly ulong _base;

    public SeedHash(int seed, string module)
    {
        _base = Mix(((ulong)(uint)seed << 32) ^ Fnv(module));
    }

    public ulong Of(int index, string purpose) => Mix(_base ^ Mix(((ulong)(uint)index << 20) ^ Fnv(purpose)));

    /// <summary>A number in [0, n).</summary>
    public int Pick(int index, string purpose, int n) => (int)(Of(index, purpose) % (ulong)n);

    public T Pick<T>(int index, string purpose, IReadOnlyList<T> items) => items[Pick(index, purpose, items.Count)];

    /// <summary>True with probability 1/n.</summary>
    public bool OneIn(int index, string purpose, int n) => Pick(index, purpose, n) == 0;

    private static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    private static ulong Fnv(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }
}
