using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using ZohoCrm.Core.Errors;

namespace ZohoCrm.Core.Metadata
{
    /// <summary>
    /// What a read the token may not be allowed to make came back with: the value, or the code Zoho refused it with
    /// (OAUTH_SCOPE_MISMATCH, NO_PERMISSION) so the caller can carry on without it.
    /// </summary>
    public readonly struct Readable<T>
    {
        private Readable(T value, string? refusedCode)
        {
            Value = value;
            RefusedCode = refusedCode;
        }

        public static Readable<T> Read(T value) => new Readable<T>(value, null);

        public static Readable<T> Refused(string code) => new Readable<T>(default!, code);

        /// <summary>The value read; default when <see cref="IsReadable"/> is false.</summary>
        public T Value { get; }

        /// <summary>Zoho's code for the refusal; null when the value was read.</summary>
        public string? RefusedCode { get; }

        public bool IsReadable => RefusedCode == null;
    }

    /// <summary>The one rule for which refusals mean "carry on without it" rather than "fail".</summary>
    public static class Readable
    {
        /// <summary>The token lacks the scope, or the user the permission: the read cannot succeed, and nothing else is wrong.</summary>
        public static bool IsRefusal(ZohoApiException error) => error.Code == "OAUTH_SCOPE_MISMATCH" || error.Code == "NO_PERMISSION";

        /// <summary>Runs <paramref name="read"/>; a refusal becomes <see cref="Readable{T}.Refused"/>, any other failure is thrown.</summary>
        public static async Task<Readable<T>> TryAsync<T>(Func<Task<T>> read)
        {
            try
            {
                return Readable<T>.Read(await read().ConfigureAwait(false));
            }
            catch (ZohoApiException ex) when (IsRefusal(ex))
            {
                return Readable<T>.Refused(ex.Code);
            }
        }
    }

    /// <summary>A module's fields, with the module's API name as Zoho spells it (the caller's spelling may have differed).</summary>
    public sealed class ModuleFields
    {
        public ModuleFields(string module, IReadOnlyList<ZohoField> fields)
        {
            Module = module;
            Fields = fields;
        }

        public string Module { get; }

        public IReadOnlyList<ZohoField> Fields { get; }
    }
}
