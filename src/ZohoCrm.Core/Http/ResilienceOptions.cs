using System;

namespace ZohoCrm.Core.Http
{
    /// <summary>How hard and how wide one connection pushes Zoho.</summary>
    public sealed class ResilienceOptions
    {
        /// <summary>
        /// In-flight calls per connection. Zoho allows 5 (Free) to 25 (Ultimate) per org and app, and 10 for heavy
        /// APIs in every edition (fact sheet §8.2); 5 is safe for every edition.
        /// </summary>
        public int MaxConcurrency { get; set; } = 5;

        /// <summary>Retries after the first attempt for 429, 5xx and network faults.</summary>
        public int MaxRetries { get; set; } = 4;

        public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

        public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>A Retry-After longer than this is not waited for: the call fails and says when to try again.</summary>
        public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(120);

        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

        public ResilienceOptions Clone() => (ResilienceOptions)MemberwiseClone();
    }
}
