using System;
using System.Collections.Generic;
using System.Linq;
using ZohoCrm.Core.Records;

namespace ZohoCrm.PowerShell.Commands.Writes
{
    /// <summary>Turns -Trigger values into the API's trigger list.</summary>
    internal static class WriteParameters
    {
        public const string TriggerHelp = "workflow, approval, blueprint, pathfinder, orchestration, or none";

        /// <summary>null when -Trigger was not given (Zoho then runs every trigger); empty for 'none'.</summary>
        public static IReadOnlyList<string>? Triggers(string[]? trigger)
        {
            if (trigger == null) return null;
            if (trigger.Any(t => string.Equals(t, "none", StringComparison.OrdinalIgnoreCase)))
            {
                if (trigger.Length > 1) throw new ArgumentException("-Trigger none cannot be combined with other triggers.");
                return Array.Empty<string>();
            }
            return trigger.Select(t => t.ToLowerInvariant()).Distinct().ToArray();
        }

        public static WriteOptions Options(string[]? trigger, string[]? duplicateCheckField, string? larId, bool? workflowTrigger = null) => new WriteOptions
        {
            Triggers = Triggers(trigger),
            DuplicateCheckFields = duplicateCheckField,
            LarId = larId,
            WorkflowTrigger = workflowTrigger,
        };
    }
}
