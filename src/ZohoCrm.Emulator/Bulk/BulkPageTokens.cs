using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace ZohoCrm.Emulator.Bulk;

/// <summary>next_page_token values of finished jobs: each names the module and the page that follows (fact sheet §6.1, v7+).</summary>
internal sealed class BulkPageTokens
{
    private readonly ConcurrentDictionary<string, (string Module, int Page)> _tokens = new(StringComparer.Ordinal);

    public string Create(string module, int nextPage)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _tokens[token] = (module, nextPage);
        return token;
    }

    /// <summary>The page a token continues with, or null when it is unknown or belongs to another module.</summary>
    public int? Resolve(string token, string module) =>
        _tokens.TryGetValue(token, out var entry) && entry.Module == module ? entry.Page : null;
}
