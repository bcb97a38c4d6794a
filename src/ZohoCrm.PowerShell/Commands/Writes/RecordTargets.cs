using System;
using System.Collections;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using ZohoCrm.PowerShell.Errors;
using ZohoCrm.PowerShell.Input;
using ZohoCrm.PowerShell.Output;

namespace ZohoCrm.PowerShell.Commands.Writes
{
    /// <summary>Works out which record a piped object means: its module (from the record's type name or -Module) and id.</summary>
    internal static class RecordTargets
    {
        /// <summary>A bare id (a string or a number) rather than an object with fields.</summary>
        public static bool IsBareId(PSObject input)
            => input.BaseObject is string || input.BaseObject is long || input.BaseObject is int || input.BaseObject is decimal;

        /// <summary>A bare id made of digits, as Zoho's ids are.</summary>
        public static bool LooksLikeId(PSObject input)
        {
            var text = Convert.ToString(input.BaseObject, CultureInfo.InvariantCulture)?.Trim() ?? string.Empty;
            return text.Length > 0 && text.All(char.IsDigit);
        }

        /// <summary>What a row's result and error point at: a bare id itself, or the input object.</summary>
        public static object RowTarget(PSObject input) => IsBareId(input) ? input.BaseObject : input;

        /// <summary>How a row names its input: a bare id by itself, an object by its values (empty when it has none).</summary>
        public static string Describe(PSObject input, string id) => IsBareId(input) ? id : InputValues.Describe(InputValues.Of(input));

        public const string InvalidIdCode = "ZcrmInvalidId";

        /// <summary>Why a row whose id is not a Zoho record id is refused without being sent.</summary>
        public static string NotAnIdReason(string id) => $"'{id}' is not a Zoho record id: ids are numbers of up to 19 digits (not sent).";

        public static string? IdOf(PSObject input)
        {
            if (IsBareId(input)) return Convert.ToString(input.BaseObject, CultureInfo.InvariantCulture)?.Trim();
            if (input.BaseObject is IDictionary dictionary)
            {
                foreach (DictionaryEntry entry in dictionary)
                    if (string.Equals(Convert.ToString(entry.Key, CultureInfo.InvariantCulture), "id", StringComparison.OrdinalIgnoreCase))
                        return Convert.ToString(entry.Value, CultureInfo.InvariantCulture);
                return null;
            }
            var property = input.Properties.FirstOrDefault(p => string.Equals(p.Name, "id", StringComparison.OrdinalIgnoreCase));
            return property == null ? null : Convert.ToString(property.Value, CultureInfo.InvariantCulture);
        }

        public static string? ModuleOf(PSObject input, string? explicitModule)
            => !string.IsNullOrEmpty(explicitModule) ? explicitModule : RecordObjects.ModuleOf(input);

        /// <summary>
        /// The module (-Module, or the record's own) and id of a piped record, or null with the ErrorRecord that says
        /// which of them it lacks. The id is as the input holds it (a bare id comes trimmed).
        /// </summary>
        public static (string Module, string Id)? Of(PSObject input, string? explicitModule, out ErrorRecord? error)
        {
            error = null;
            var module = ModuleOf(input, explicitModule);
            if (module == null)
            {
                error = UnknownModule(input);
                return null;
            }
            var id = IdOf(input);
            if (string.IsNullOrEmpty(id))
            {
                error = MissingId(input, module);
                return null;
            }
            return (module, id!);
        }

        public static ErrorRecord UnknownModule(PSObject input) => ErrorRecords.RecordModuleUnknown(input);

        public static ErrorRecord MissingId(PSObject input, string module) => ErrorRecords.RecordIdMissing(input, module);
    }
}
