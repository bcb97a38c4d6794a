using System;
using ZohoCrm.Core.Diagnostics;

namespace ZohoCrm.Core.Auth.SignIn
{
    /// <summary>Why a person sign-in ended without tokens.</summary>
    public enum SignInFailure
    {
        /// <summary>No web browser could be started on this machine.</summary>
        BrowserUnavailable,

        /// <summary>The user denied the consent (access_denied).</summary>
        Denied,

        /// <summary>Nobody finished the sign-in in time.</summary>
        TimedOut,

        /// <summary>The device code expired before the user approved it.</summary>
        Expired,

        /// <summary>The redirect carried a state this sign-in did not send (a forged or stale redirect).</summary>
        StateMismatch,

        /// <summary>The redirect named an accounts server that is not a Zoho data centre's.</summary>
        UntrustedAccountsServer,

        /// <summary>The redirect or answer was incomplete (no code, an error the flow does not know).</summary>
        InvalidResponse,

        /// <summary>The loopback redirect URI cannot be listened on.</summary>
        InvalidRedirectUri,

        /// <summary>The user's data centre could not be mapped to an accounts server.</summary>
        UnknownDataCenter,
    }

    /// <summary>A person sign-in (browser or device code) that ended without tokens. Its message holds no secret.</summary>
    public sealed class SignInException : Exception
    {
        public SignInException(SignInFailure failure, string message, Exception? inner = null) : base(SecretRedactor.Redact(message), inner)
        {
            Failure = failure;
        }

        public SignInFailure Failure { get; }
    }
}
