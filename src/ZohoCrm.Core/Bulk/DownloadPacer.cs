using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using ZohoCrm.Core.Diagnostics;

namespace ZohoCrm.Core.Bulk
{
    /// <summary>
    /// Keeps one connection within Zoho's bulk download limit (10 a minute, fact sheet §6.3) by waiting before a
    /// download that would exceed it, so the limit's 429 is the exception rather than the rule.
    /// </summary>
    public sealed class DownloadPacer
    {
        private readonly Queue<DateTimeOffset> _recent = new Queue<DateTimeOffset>();
        private readonly Func<DateTimeOffset> _now;
        private readonly Func<TimeSpan, CancellationToken, Task> _delay;
        private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);

        public DownloadPacer(int perWindow = 10, TimeSpan? window = null, Func<DateTimeOffset>? now = null, Func<TimeSpan, CancellationToken, Task>? delay = null)
        {
            PerWindow = Math.Max(1, perWindow);
            Window = window ?? TimeSpan.FromMinutes(1);
            _now = now ?? (() => DateTimeOffset.UtcNow);
            _delay = delay ?? ((wait, ct) => Task.Delay(wait, ct));
        }

        public int PerWindow { get; }

        public TimeSpan Window { get; }

        /// <summary>Waits until a download may start, then counts it.</summary>
        public async Task WaitTurnAsync(IZcrmLog log, CancellationToken ct)
        {
            await _gate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                while (true)
                {
                    var now = _now();
                    while (_recent.Count > 0 && now - _recent.Peek() >= Window) _recent.Dequeue();
                    if (_recent.Count < PerWindow)
                    {
                        _recent.Enqueue(now);
                        return;
                    }
                    var wait = _recent.Peek() + Window - now;
                    log.Verbose($"Waiting {wait.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s before the next download: Zoho allows {PerWindow} bulk downloads a minute.");
                    await _delay(wait, ct).ConfigureAwait(false);
                }
            }
            finally
            {
                _gate.Release();
            }
        }
    }
}
