using System;
using System.Collections.Generic;
using System.Collections;
using System.Globalization;
using System.Linq;
using System.Management.Automation;

namespace ZohoCrm.PowerShell.Input
{
    /// <summary>Reads field names and values out of whatever a user pipes: hashtables, CSV rows, records, objects.</summary>
    internal static class InputValues
    {
        public static IEnumerable<KeyValuePair<string, object?>> Of(object? input)
        {
            var raw = input is PSObject pso && !(pso.BaseObject is PSCustomObject) ? pso.BaseObject : input;
            switch (raw)
            {
                case null:
                    yield break;
                case IDictionary dictionary:
                    foreach (DictionaryEntry entry in dictionary)
                        yield return new KeyValuePair<string, object?>(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty, Plain(entry.Value));
                    yield break;
                default:
                    var wrapper = input as PSObject ?? PSObject.AsPSObject(raw);
                    foreach (var property in wrapper.Properties)
                    {
                        if (!(property is PSNoteProperty || property is PSProperty || property is PSAliasProperty || property is PSScriptProperty || property is PSCodeProperty)) continue;
                        object? value;
                        try { value = property.Value; }
                        catch (GetValueException) { continue; }
                        yield return new KeyValuePair<string, object?>(property.Name, Plain(value));
                    }
                    yield break;
            }
        }

        /// <summary>
        /// Why <paramref name="input"/> is not a record (text, a number, a script block, a list), or null when it is one:
        /// a hashtable, a CSV row, or an object with properties.
        /// </summary>
        public static string? NotARecord(object? input)
        {
            var raw = input is PSObject pso ? pso.BaseObject : input;
            switch (raw)
            {
                case null:
                    return "Nothing ($null) is not a record.";
                case string text:
                    return $"The text '{(text.Length > 40 ? text.Substring(0, 37) + "..." : text)}' is not a record: give hashtables, CSV rows or objects whose properties are field names.";
                case ScriptBlock _:
                    return "A script block is not a record: give hashtables, CSV rows or objects whose properties are field names.";
                case IDictionary _:
                case PSCustomObject _:
                    return null;
                case IEnumerable _:
                    return "A list is not one record: pipe its items instead.";
                case ValueType value:
                    return $"A {value.GetType().Name} ({Convert.ToString(value, CultureInfo.InvariantCulture)}) is not a record: give hashtables, CSV rows or objects whose properties are field names.";
                default:
                    return null;
            }
        }

        /// <summary>Unwraps PSObjects; nested objects (lookups) become dictionaries, arrays stay arrays.</summary>
        public static object? Plain(object? value)
        {
            if (value is PSObject pso || value is Lookup)
            {
                pso = PSObject.AsPSObject(value);
                // A bulk row's lookup is an object of its own class, with any property a user added to it.
                if (pso.BaseObject is PSCustomObject || pso.BaseObject is Lookup)
                {
                    var dictionary = new Hashtable(StringComparer.OrdinalIgnoreCase);
                    foreach (var property in pso.Properties) dictionary[property.Name] = Plain(property.Value);
                    return dictionary;
                }
                value = pso.BaseObject;
            }
            switch (value)
            {
                case string _:
                    return value;
                case IDictionary dictionary:
                    var copy = new Hashtable(StringComparer.OrdinalIgnoreCase);
                    foreach (DictionaryEntry entry in dictionary) copy[entry.Key] = Plain(entry.Value);
                    return copy;
                case IEnumerable sequence:
                    return sequence.Cast<object?>().Select(Plain).ToArray();
                default:
                    return value;
            }
        }

        /// <summary>A short name for a row in messages and -WhatIf: its name-like field, else its email, else its id.</summary>
        public static string Describe(IEnumerable<KeyValuePair<string, object?>> values)
        {
            var lookup = values.GroupBy(kv => kv.Key, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.OrdinalIgnoreCase);
            foreach (var name in new[] { "Full_Name", "Account_Name", "Deal_Name", "Subject", "Product_Name", "Last_Name", "Last Name", "LastName", "Name", "Email", "id" })
            {
                if (lookup.TryGetValue(name, out var value) && value != null && !(value is string s && s.Length == 0))
                {
                    if (name == "Last_Name" && lookup.TryGetValue("First_Name", out var first) && first is string f && f.Length > 0) return f + " " + value;
                    return value is IDictionary d && d.Contains("name") ? Convert.ToString(d["name"], CultureInfo.InvariantCulture) ?? string.Empty : Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
                }
            }
            return string.Empty;
        }
    }
}
