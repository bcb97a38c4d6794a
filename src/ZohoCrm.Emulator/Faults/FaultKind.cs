namespace ZohoCrm.Emulator.Faults;

public enum FaultKind
{
    /// <summary>429 with the TOO_MANY_REQUESTS body, and Retry-After when <see cref="FaultRule.RetryAfterSeconds"/> is set.</summary>
    TooManyRequests,

    /// <summary>500 with the INTERNAL_ERROR body.</summary>
    InternalError,

    /// <summary>503 with a plain-text body, as a load balancer would send.</summary>
    ServiceUnavailable,

    /// <summary>The connection is aborted without a response.</summary>
    DropConnection,

    /// <summary>The request waits <see cref="FaultRule.DelayMs"/> and then goes on normally.</summary>
    Delay,

    /// <summary>Every access token issued so far is expired, then the request goes on (and gets 401 INVALID_TOKEN).</summary>
    ExpireAccessTokens,

    /// <summary>
    /// The answer starts normally, then the connection is cut after <see cref="FaultRule.AfterBytes"/> bytes of its
    /// body (by default half of its Content-Length): a download that breaks midway.
    /// </summary>
    CutBody,
}
