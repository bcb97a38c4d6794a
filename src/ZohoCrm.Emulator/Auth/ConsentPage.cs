using System.Security.Cryptography;

namespace ZohoCrm.Emulator.Auth;

/// <summary>An authorization request shown on the consent page and waiting for Accept or Deny.</summary>
internal sealed record ConsentRequest(string Id, string RedirectUri, string? State, string Scopes);

/// <summary>
/// The consent page of /oauth/v2/auth (fact sheet §1.2): what it does with the next request (ask, or an answer a
/// test has set), the data centre the approving user lives in, and the requests still on screen.
/// </summary>
internal sealed class ConsentPage
{
    private readonly object _gate = new();
    private readonly Dictionary<string, ConsentRequest> _pending = new(StringComparer.Ordinal);

    public ConsentPage(EmulatorOptions options)
    {
        Decision = options.Consent;
    }

    public ConsentDecision Decision { get; set; }

    /// <summary>The approving user's data centre; null is the emulator's own.</summary>
    public string? UserLocation { get; set; }

    public ConsentRequest Show(string redirectUri, string? state, string scopes)
    {
        var request = new ConsentRequest(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)), redirectUri, state, scopes);
        lock (_gate)
        {
            _pending[request.Id] = request;
        }

        return request;
    }

    /// <summary>Takes a request off the screen; null when it is unknown or already answered.</summary>
    public ConsentRequest? Take(string? id)
    {
        lock (_gate)
        {
            return id is not null && _pending.Remove(id, out var request) ? request : null;
        }
    }

    public IReadOnlyList<ConsentRequest> Pending()
    {
        lock (_gate)
        {
            return _pending.Values.ToArray();
        }
    }
}
