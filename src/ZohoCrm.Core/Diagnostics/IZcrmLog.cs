namespace ZohoCrm.Core.Diagnostics
{
    /// <summary>Where the core reports what it is doing. The PowerShell layer routes these to the Verbose, Debug and Warning streams.</summary>
    public interface IZcrmLog
    {
        void Verbose(string message);
        void Debug(string message);
        void Warning(string message);
    }

    public sealed class NullLog : IZcrmLog
    {
        public static readonly NullLog Instance = new NullLog();
        public void Verbose(string message) { }
        public void Debug(string message) { }
        public void Warning(string message) { }
    }

    /// <summary>Redacts every message before passing it on, so no caller can forget to.</summary>
    public sealed class RedactingLog : IZcrmLog
    {
        private readonly IZcrmLog _inner;
        public RedactingLog(IZcrmLog inner) { _inner = inner; }
        public void Verbose(string message) => _inner.Verbose(SecretRedactor.Redact(message));
        public void Debug(string message) => _inner.Debug(SecretRedactor.Redact(message));
        public void Warning(string message) => _inner.Warning(SecretRedactor.Redact(message));
    }
}
