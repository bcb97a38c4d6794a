using System.Globalization;
using ZohoCrm.Emulator.Data.Modules;

namespace ZohoCrm.Emulator.Data;

/// <summary>Values Zoho computes on save: Full_Name, autonumbers, a deal's Probability and Expected_Revenue.</summary>
internal static class RecordDerivations
{
    /// <summary>Sets the computed values of a record whose <paramref name="keys"/> were just written; returns the names that changed.</summary>
    public static List<string> Apply(ModuleRecordSet set, CrmRecord record, IReadOnlyCollection<string> keys, bool inserted, Func<FieldDefinition, long> nextAutoNumber)
    {
        var changed = new List<string>();
        var module = set.Module;
        record.Overrides ??= new Dictionary<string, object?>(StringComparer.Ordinal);

        void Set(string name, object? value)
        {
            if (!Equals(set.GetValue(record, name), value))
            {
                record.Overrides[name] = value;
                changed.Add(name);
            }
        }

        if (inserted)
        {
            foreach (var field in module.Fields.Where(f => f.DataType == FieldDataType.AutoNumber))
            {
                Set(field.ApiName, field.AutoNumberPrefix + nextAutoNumber(field).ToString("D5", CultureInfo.InvariantCulture));
            }
        }

        if (module.Field("Full_Name") is { ReadOnly: true } && module.Field("Last_Name") is not null &&
            (inserted || keys.Contains("First_Name") || keys.Contains("Last_Name")))
        {
            var parts = new[] { set.GetValue(record, "First_Name") as string, set.GetValue(record, "Last_Name") as string };
            Set("Full_Name", string.Join(' ', parts.Where(p => !string.IsNullOrEmpty(p))));
        }

        if (module.ApiName == "Deals")
        {
            if (keys.Contains("Stage") && !keys.Contains("Probability") && set.GetValue(record, "Stage") is string stage &&
                Array.IndexOf(PicklistValues.Stage, stage) is >= 0 and var index)
            {
                Set("Probability", (long)PicklistValues.StageProbability[index]);
            }

            var amount = set.GetValue(record, "Amount") as double?;
            var probability = set.GetValue(record, "Probability") as long?;
            Set("Expected_Revenue", amount is { } a && probability is { } p ? a * p / 100.0 : null);
        }

        return changed;
    }
}
