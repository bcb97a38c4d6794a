using System;
using System.Management.Automation;
using ZohoCrm.Core.Related;
using ZohoCrm.PowerShell.Commands.Writes;
using ZohoCrm.PowerShell.Errors;

namespace ZohoCrm.PowerShell.Commands.Related
{
    /// <summary>The record a related-data cmdlet acts on: from -Module/-Id, or a piped record (or a piped id with -Module).</summary>
    internal static class RelatedTargets
    {
        /// <summary>The (module, id) of an input, or an ErrorRecord that says why there is none.</summary>
        public static (string Module, string Id)? Of(PSObject input, string? module, out ErrorRecord? error)
        {
            var target = RecordTargets.Of(input, module, out error);
            if (target == null) return null;
            var id = target.Value.Id;
            if (!NotePayload.IsId(id))
            {
                error = NotAnId(id, input);
                return null;
            }
            return (target.Value.Module, id.Trim());
        }

        /// <summary>
        /// Hands each id of -Id (under the already resolved -Module), or the piped record under its module resolved by
        /// <paramref name="resolveModule"/>, to <paramref name="queue"/>; a piped record without a module is an error.
        /// </summary>
        public static void Dispatch(Cmdlet cmdlet, bool byId, string? module, string[]? ids, PSObject? input, Func<string, string> resolveModule, Action<string, PSObject, string> queue)
        {
            if (byId)
            {
                foreach (var id in ids!) queue(module!, PSObject.AsPSObject(id), id?.Trim() ?? string.Empty);
                return;
            }
            var inputModule = RecordTargets.ModuleOf(input!, module);
            if (inputModule == null)
            {
                cmdlet.WriteError(RecordTargets.UnknownModule(input!));
                return;
            }
            queue(resolveModule(inputModule), input!, RecordTargets.IdOf(input!)?.Trim() ?? string.Empty);
        }

        public static ErrorRecord NotAnId(string id, object? target) => ErrorRecords.NotARecordId(id, target);
    }
}
