using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Collections;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Newtonsoft.Json.Linq;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Records;

namespace ZohoCrm.PowerShell.Input
{
    /// <summary>
    /// Turns -FieldMap (a hashtable, or the path of a .psd1 or .json file holding one) and -RequiredField into a
    /// <see cref="FieldMap"/>. A value is a field name, or a hashtable with Field (or Name), Transform (a scriptblock,
    /// or its text in a file; $_ is the value, $Row the whole input row) and OmitWhenEmpty (alias LeaveOutWhenEmpty).
    /// </summary>
    internal static class FieldMapParameter
    {
        public static FieldMap? Resolve(PSCmdlet cmdlet, object? fieldMap, string[]? requiredField)
        {
            if (fieldMap == null && (requiredField == null || requiredField.Length == 0)) return null;
            var table = fieldMap == null ? null : Table(cmdlet, fieldMap is PSObject pso ? pso.BaseObject : fieldMap);
            var entries = new List<FieldMapEntry>();
            if (table != null)
                foreach (DictionaryEntry entry in table)
                    entries.Add(Entry(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty, entry.Value is PSObject p ? p.BaseObject : entry.Value));
            return new FieldMap(entries, requiredField);
        }

        private static IDictionary Table(PSCmdlet cmdlet, object value)
        {
            switch (value)
            {
                case IDictionary dictionary:
                    return dictionary;
                case string path:
                    var full = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
                    if (!File.Exists(full)) throw new ZcrmUsageException("ZcrmFieldMapNotFound", $"The field map file '{full}' does not exist.", "Give a hashtable, or the path of a .psd1 or .json file that holds one.");
                    if (full.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) return FromJson(File.ReadAllText(full), full);
                    if (full.EndsWith(".psd1", StringComparison.OrdinalIgnoreCase))
                    {
                        // Import-PowerShellDataFile: the file is data, never run as a script.
                        var result = cmdlet.InvokeCommand.InvokeScript(false, ScriptBlock.Create("param($p) Import-PowerShellDataFile -LiteralPath $p"), null, full);
                        if (result.Count == 1 && result[0]?.BaseObject is IDictionary data) return data;
                        throw new ZcrmUsageException("ZcrmInvalidFieldMap", $"The field map file '{full}' does not hold one hashtable.");
                    }
                    throw new ZcrmUsageException("ZcrmInvalidFieldMap", $"'{full}' is neither a .psd1 nor a .json file.", "Save the field map as a .psd1 (a hashtable) or a .json object.");
                default:
                    throw new ZcrmUsageException("ZcrmInvalidFieldMap", $"A field map is a hashtable or the path of a .psd1 or .json file, not {value.GetType().Name}.");
            }
        }

        private static IDictionary FromJson(string text, string path)
        {
            JObject root;
            try { root = JObject.Parse(text); }
            catch (Newtonsoft.Json.JsonException ex) { throw new ZcrmUsageException("ZcrmInvalidFieldMap", $"The field map file '{path}' is not a JSON object: {ex.Message}"); }
            var table = new Hashtable(StringComparer.OrdinalIgnoreCase);
            foreach (var property in root.Properties())
            {
                if (property.Value is JObject spec)
                {
                    var inner = new Hashtable(StringComparer.OrdinalIgnoreCase);
                    foreach (var p in spec.Properties()) inner[p.Name] = p.Value is JValue v ? v.Value : p.Value.ToString();
                    table[property.Name] = inner;
                }
                else table[property.Name] = (property.Value as JValue)?.Value;
            }
            return table;
        }

        private static FieldMapEntry Entry(string source, object? value)
        {
            switch (value)
            {
                case string field:
                    return new FieldMapEntry(source, field);
                case IDictionary spec:
                    var lookup = spec.Keys.Cast<object>().ToDictionary(k => Convert.ToString(k, CultureInfo.InvariantCulture) ?? string.Empty, k => (object?)(spec[k] is PSObject p ? p.BaseObject : spec[k]), StringComparer.OrdinalIgnoreCase);
                    var target = First(lookup, "Field", "Name", "Target", "ApiName") as string
                        ?? throw new ZcrmUsageException("ZcrmInvalidFieldMap", $"The field map entry of '{source}' names no Field.", "Write it as @{ Field = 'Mobile'; Transform = { ... }; OmitWhenEmpty = $true }.");
                    var transform = First(lookup, "Transform", "Script", "ScriptBlock") switch
                    {
                        null => null,
                        ScriptBlock block => block,
                        string text when text.Trim().Length > 0 => ScriptBlock.Create(text),
                        var other => throw new ZcrmUsageException("ZcrmInvalidFieldMap", $"The Transform of '{source}' is not a scriptblock ({other.GetType().Name})."),
                    };
                    var omit = LanguagePrimitives.IsTrue(First(lookup, "OmitWhenEmpty", "LeaveOutWhenEmpty", "SkipEmpty", "IgnoreEmpty"));
                    return new FieldMapEntry(source, target, transform == null ? null : Invoke(transform), omit);
                default:
                    throw new ZcrmUsageException("ZcrmInvalidFieldMap", $"The field map entry of '{source}' is neither a field name nor a hashtable.");
            }
        }

        private static object? First(Dictionary<string, object?> lookup, params string[] keys)
        {
            foreach (var key in keys)
                if (lookup.TryGetValue(key, out var value) && value != null) return value;
            return null;
        }

        /// <summary>Runs the transform with $_ (and $PSItem) as the value and $Row as the input row's values; its output is the new value.</summary>
        private static Func<object?, IEnumerable<KeyValuePair<string, object?>>, object?> Invoke(ScriptBlock transform) => (value, row) =>
        {
            var rowTable = new System.Collections.Specialized.OrderedDictionary(StringComparer.OrdinalIgnoreCase);
            foreach (var pair in row)
                if (!rowTable.Contains(pair.Key)) rowTable[pair.Key] = pair.Value;
            var variables = new List<PSVariable> { new PSVariable("_", value), new PSVariable("PSItem", value), new PSVariable("Row", rowTable) };
            Collection<PSObject> output = transform.InvokeWithContext(null, variables, value);
            if (output.Count == 0) return null;
            // Several outputs are a list (a multi-select picklist's values).
            return output.Count == 1 ? InputValues.Plain(output[0]) : output.Select(o => InputValues.Plain(o)).ToArray();
        };
    }
}
