using System.Globalization;
using System.IO.Compression;
using System.Text;
using ZohoCrm.Emulator.Data;

namespace ZohoCrm.Emulator.Bulk;

/// <summary>
/// Writes a job's rows as Zoho's export does (fact sheet §6.3): a zip holding <c>{job id}.csv</c>, a header of field
/// API names with the id first, UTF-8, values in Zoho's text forms (times with their offset, lookups as ids,
/// multi-select values joined with semicolons, tags by name).
/// </summary>
internal static class BulkFileWriter
{
    public static byte[] Zip(BulkJob job, ModuleRecordSet set, IReadOnlyList<CrmRecord> rows, EmulatorOptions options)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var entry = zip.CreateEntry(job.FileName, CompressionLevel.Fastest);
            using var stream = entry.Open();
            using var text = new StreamWriter(stream, new UTF8Encoding(options.BulkCsvByteOrderMark), 1 << 16);
            if (job.Query.FileType == "ics")
            {
                WriteCalendar(text, set, rows);
            }
            else
            {
                WriteCsv(text, job.Query.Columns, set, rows, options);
            }
        }

        return buffer.ToArray();
    }

    private static void WriteCsv(TextWriter text, IReadOnlyList<FieldDefinition> columns, ModuleRecordSet set, IReadOnlyList<CrmRecord> rows, EmulatorOptions options)
    {
        Cell(text, options.BulkCsvIdColumn, options.BulkCsvQuoteAll);
        foreach (var column in columns)
        {
            text.Write(',');
            Cell(text, column.ApiName, options.BulkCsvQuoteAll);
        }

        text.Write("\r\n");
        foreach (var record in rows)
        {
            Cell(text, ZohoIds.Format(record.Id), options.BulkCsvQuoteAll);
            foreach (var column in columns)
            {
                text.Write(',');
                Cell(text, Format(set.GetValue(record, column), options), options.BulkCsvQuoteAll);
            }

            text.Write("\r\n");
        }
    }

    public static string Format(object? value, EmulatorOptions options) => value switch
    {
        null => string.Empty,
        string s => s,
        bool b => b ? "true" : "false",
        DateTimeOffset t => ZohoTime.FormatDateTime(t),
        DateOnly d => ZohoTime.FormatDate(d),
        LookupValue l => ZohoIds.Format(l.Id),
        Data.Relations.ParentValue p => ZohoIds.Format(p.Id),
        IReadOnlyList<TagValue> tags => string.Join(",", tags.Select(t => t.Name)),
        IEnumerable<string> many => string.Join(options.BulkCsvMultiValueSeparator, many),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static void Cell(TextWriter text, string value, bool quoteAll)
    {
        if (!quoteAll && value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            text.Write(value);
            return;
        }

        text.Write('"');
        text.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        text.Write('"');
    }

    /// <summary>Events as an iCalendar file (file_type ics): one VEVENT per record.</summary>
    private static void WriteCalendar(TextWriter text, ModuleRecordSet set, IReadOnlyList<CrmRecord> rows)
    {
        text.Write("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//ZohoCrm.Emulator//Bulk Read//EN\r\n");
        foreach (var record in rows)
        {
            text.Write("BEGIN:VEVENT\r\nUID:" + ZohoIds.Format(record.Id) + "\r\n");
            text.Write("DTSTAMP:" + record.ModifiedTime.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "\r\n");
            text.Write("SUMMARY:" + set.DisplayName(record).Replace(",", "\\,", StringComparison.Ordinal) + "\r\nEND:VEVENT\r\n");
        }

        text.Write("END:VCALENDAR\r\n");
    }
}
