using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ZohoCrm.Core.Errors;

namespace ZohoCrm.Core.Privacy
{
    /// <summary>
    /// Keeps a job's calls at a share of the edition's concurrency limit (fact sheet §8.2) and within a credit budget
    /// (§8.1): each call reserves its credits first, so a run stops before a call would exceed the budget, never after.
    /// </summary>
    public sealed class CallBudget : IDisposable
    {
        public const double DefaultShare = 0.75;

        private static readonly Dictionary<string, int> EditionConcurrency = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
        {
            ["free"] = 5, ["standard"] = 10, ["starter"] = 10, ["professional"] = 15, ["enterprise"] = 20, ["zohoone"] = 20, ["zoho one"] = 20,
            ["ultimate"] = 25, ["crmplus"] = 25, ["crm plus"] = 25,
        };

        private readonly SemaphoreSlim _slots;
        private readonly long? _maxCredits;
        private long _reserved;
        private int _inFlight;
        private int _peak;

        public CallBudget(int concurrency, long? maxCredits)
        {
            Concurrency = Math.Max(1, concurrency);
            _slots = new SemaphoreSlim(Concurrency);
            _maxCredits = maxCredits;
        }

        /// <summary>The concurrency limit of an edition (license_details.paid_type); unknown editions get the Free limit.</summary>
        public static int ConcurrencyOf(string? edition) =>
            edition != null && EditionConcurrency.TryGetValue(edition.Trim(), out var limit) ? limit : 5;

        /// <summary>The share of the edition's limit, at least one call.</summary>
        public static int ShareOf(string? edition, double share)
        {
            if (share <= 0 || share > 1) throw new ArgumentOutOfRangeException(nameof(share), "The share is above 0 and at most 1.");
            return Math.Max(1, (int)Math.Floor(ConcurrencyOf(edition) * share));
        }

        public int Concurrency { get; }

        public long CreditsReserved => Interlocked.Read(ref _reserved);

        /// <summary>The most calls this budget had in flight at once.</summary>
        public int PeakInFlight => Volatile.Read(ref _peak);

        /// <summary>Whether a call of <paramref name="credits"/> still fits the budget.</summary>
        public bool Fits(int credits) => _maxCredits == null || CreditsReserved + credits <= _maxCredits.Value;

        /// <summary>Runs one call in a slot after reserving its credits; ZcrmCreditBudgetReached (nothing sent) when they do not fit.</summary>
        public async Task<T> RunAsync<T>(int credits, Func<Task<T>> call, CancellationToken ct)
        {
            Reserve(credits);
            await _slots.WaitAsync(ct).ConfigureAwait(false);
            var now = Interlocked.Increment(ref _inFlight);
            for (var peak = Volatile.Read(ref _peak); now > peak; peak = Volatile.Read(ref _peak))
                if (Interlocked.CompareExchange(ref _peak, now, peak) == peak) break;
            try
            {
                return await call().ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
                _slots.Release();
            }
        }

        public async Task RunAsync(int credits, Func<Task> call, CancellationToken ct) =>
            await RunAsync<bool>(credits, async () => { await call().ConfigureAwait(false); return true; }, ct).ConfigureAwait(false);

        private void Reserve(int credits)
        {
            var after = Interlocked.Add(ref _reserved, credits);
            if (_maxCredits != null && after > _maxCredits.Value)
            {
                Interlocked.Add(ref _reserved, -credits);
                throw new CreditBudgetReachedException(_maxCredits.Value, after - credits);
            }
        }

        public void Dispose() => _slots.Dispose();
    }

    /// <summary>The next call would exceed the credit budget; it was not sent.</summary>
    public sealed class CreditBudgetReachedException : Exception
    {
        public CreditBudgetReachedException(long budget, long used)
            : base($"The credit budget of {budget} is reached ({used} credits used); the next call was not sent.")
        {
            Budget = budget;
            Used = used;
        }

        public string ErrorId => "ZcrmCreditBudgetReached";

        public long Budget { get; }

        public long Used { get; }
    }
}
