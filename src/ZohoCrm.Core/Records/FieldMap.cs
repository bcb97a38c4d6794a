using System;
using System.Collections.Generic;
using System.Linq;

namespace ZohoCrm.Core.Records
{
    /// <summary>One source column of a field map: the field it fills, an optional transform, and whether an empty value is left out.</summary>
    public sealed class FieldMapEntry
    {
        public FieldMapEntry(string source, string field, Func<object?, IEnumerable<KeyValuePair<string, object?>>, object?>? transform = null, bool omitWhenEmpty = false)
        {
            if (string.IsNullOrWhiteSpace(source)) throw new ArgumentException("A field map entry needs a source column.", nameof(source));
            if (string.IsNullOrWhiteSpace(field)) throw new ArgumentException($"The field map entry of '{source}' names no field.", nameof(field));
            Source = source.Trim();
            Field = field.Trim();
            Transform = transform;
            OmitWhenEmpty = omitWhenEmpty;
        }

        /// <summary>The column (property, hashtable key) of the input row.</summary>
        public string Source { get; }

        /// <summary>The field it fills: an API name or a label, resolved later like any input name.</summary>
        public string Field { get; }

        /// <summary>Turns the source value (and, if it needs them, the whole row's values) into the value sent.</summary>
        public Func<object?, IEnumerable<KeyValuePair<string, object?>>, object?>? Transform { get; }

        /// <summary>An empty value (after the transform) is not sent at all, so it never blanks the field.</summary>
        public bool OmitWhenEmpty { get; }
    }

    /// <summary>What a field map made of one input row: the values to send, or why the row cannot be sent.</summary>
    public sealed class FieldMapOutcome
    {
        internal FieldMapOutcome(IReadOnlyList<KeyValuePair<string, object?>> values, PayloadProblem? problem)
        {
            Values = values;
            Problem = problem;
        }

        public IReadOnlyList<KeyValuePair<string, object?>> Values { get; }

        /// <summary>A required column missing or empty, or a transform that failed: the row is not sent.</summary>
        public PayloadProblem? Problem { get; }
    }

    /// <summary>
    /// Renames the columns of input rows to fields before their values are converted: each mapped column becomes its
    /// field (its value passed through the entry's transform, and left out when empty if the entry says so); required
    /// columns must hold a value; the "id" column passes through; other columns are not sent and are collected in
    /// <see cref="UnmappedColumns"/> (each reported once by the caller).
    /// </summary>
    public sealed class FieldMap
    {
        public const string RequiredMissingCode = "ZcrmRequiredColumnMissing";
        public const string TransformFailedCode = "ZcrmTransformFailed";

        private readonly Dictionary<string, List<FieldMapEntry>> _bySource = new Dictionary<string, List<FieldMapEntry>>(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> _unmapped = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private readonly List<string> _newlyUnmapped = new List<string>();

        public FieldMap(IEnumerable<FieldMapEntry> entries, IEnumerable<string>? requiredColumns = null)
        {
            Entries = entries.ToList();
            foreach (var entry in Entries)
            {
                if (!_bySource.TryGetValue(entry.Source, out var list)) _bySource[entry.Source] = list = new List<FieldMapEntry>();
                list.Add(entry);
            }
            RequiredColumns = (requiredColumns ?? Array.Empty<string>()).Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        }

        public IReadOnlyList<FieldMapEntry> Entries { get; }

        public IReadOnlyList<string> RequiredColumns { get; }

        /// <summary>The fields the map fills, in map order (the columns of a bulk write file).</summary>
        public IReadOnlyList<string> Fields => Entries.Select(e => e.Field).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

        /// <summary>Every input column seen that the map does not name (not sent).</summary>
        public IReadOnlyCollection<string> UnmappedColumns => _unmapped;

        /// <summary>Unmapped columns first seen since the last call, for one warning each.</summary>
        public IReadOnlyList<string> TakeNewlyUnmapped()
        {
            var taken = _newlyUnmapped.ToList();
            _newlyUnmapped.Clear();
            return taken;
        }

        /// <summary>Maps one row. A map without entries (only required columns) passes every column through.</summary>
        public FieldMapOutcome Apply(IEnumerable<KeyValuePair<string, object?>> row)
        {
            var input = row as IReadOnlyList<KeyValuePair<string, object?>> ?? row.ToList();
            foreach (var column in RequiredColumns)
            {
                var present = input.Where(kv => string.Equals(kv.Key?.Trim(), column, StringComparison.OrdinalIgnoreCase)).ToList();
                if (present.Count == 0 || present.All(kv => IsEmpty(kv.Value)))
                    return new FieldMapOutcome(Array.Empty<KeyValuePair<string, object?>>(),
                        new PayloadProblem(RequiredMissingCode, column, $"{column}: the row has no value for this required column"));
            }

            if (Entries.Count == 0) return new FieldMapOutcome(input, null);

            var values = new List<KeyValuePair<string, object?>>(Entries.Count);
            foreach (var pair in input)
            {
                var name = pair.Key?.Trim() ?? string.Empty;
                if (name.Length == 0) continue;
                if (!_bySource.TryGetValue(name, out var targets))
                {
                    if (string.Equals(name, "id", StringComparison.OrdinalIgnoreCase)) values.Add(pair);
                    else if (pair.Value != null && _unmapped.Add(name)) _newlyUnmapped.Add(name); // a null is an unused parameter, not a column
                    continue;
                }

                foreach (var entry in targets)
                {
                    var value = pair.Value;
                    if (entry.Transform != null)
                    {
                        try
                        {
                            value = entry.Transform(value, input);
                        }
                        catch (Exception ex)
                        {
                            var reason = (ex.InnerException ?? ex).Message;
                            return new FieldMapOutcome(Array.Empty<KeyValuePair<string, object?>>(),
                                new PayloadProblem(TransformFailedCode, entry.Field, $"{entry.Field}: the transform of column '{entry.Source}' failed: {reason}"));
                        }
                    }
                    if (entry.OmitWhenEmpty && IsEmpty(value)) continue;
                    values.Add(new KeyValuePair<string, object?>(entry.Field, value));
                }
            }
            return new FieldMapOutcome(values, null);
        }

        internal static bool IsEmpty(object? value) => value == null || (value is string s && s.Trim().Length == 0);
    }
}
