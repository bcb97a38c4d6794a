using System.Threading;
using System.Threading.Tasks;
using ZohoCrm.Core.Diagnostics;

namespace ZohoCrm.Core.Connections
{
    /// <summary>Where a saved profile's text lives (a SecretManagement vault, given by the PowerShell layer).</summary>
    public interface IProfileStore
    {
        /// <summary>Names the profile across processes (vault and secret), for its lock.</summary>
        string Key { get; }

        /// <summary>The profile's text as saved now, or null when there is none (removed, or the store cannot be reached).</summary>
        Task<string?> ReadAsync(IZcrmLog log, CancellationToken ct);

        Task WriteAsync(string text, IZcrmLog log, CancellationToken ct);
    }
}
