using System.Text;

namespace ZohoCrm.Emulator.Bulk;

/// <summary>The CSV of a bulk write upload (§21.6: comma, semicolon, colon or pipe, detected from the header) and of its result.</summary>
internal static class BulkWriteCsv
{
    public static char DetectDelimiter(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        var header = end < 0 ? text : text[..end];
        var best = ',';
        var most = -1;
        foreach (var candidate in new[] { ',', ';', ':', '|' })
        {
            var count = 0;
            var quoted = false;
            foreach (var c in header)
            {
                if (c == '"') quoted = !quoted;
                else if (!quoted && c == candidate) count++;
            }

            if (count > most)
            {
                most = count;
                best = candidate;
            }
        }

        return best;
    }

    /// <summary>Rows of cells; blank lines are skipped.</summary>
    public static List<string[]> Parse(string text)
    {
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        var delimiter = DetectDelimiter(text);
        var rows = new List<string[]>();
        var cells = new List<string>();
        var cell = new StringBuilder();
        var i = 0;
        var rowHasContent = false;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '"' && cell.Length == 0)
            {
                i++;
                while (i < text.Length)
                {
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            cell.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    cell.Append(text[i++]);
                }

                rowHasContent = true;
                continue;
            }

            if (c == delimiter)
            {
                cells.Add(cell.ToString());
                cell.Clear();
                rowHasContent = true;
                i++;
                continue;
            }

            if (c is '\r' or '\n')
            {
                if (rowHasContent || cell.Length > 0)
                {
                    cells.Add(cell.ToString());
                    rows.Add(cells.ToArray());
                }

                cells.Clear();
                cell.Clear();
                rowHasContent = false;
                i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                continue;
            }

            cell.Append(c);
            rowHasContent = true;
            i++;
        }

        if (rowHasContent || cell.Length > 0)
        {
            cells.Add(cell.ToString());
            rows.Add(cells.ToArray());
        }

        return rows;
    }

    public static void AppendRow(StringBuilder csv, IEnumerable<string> cells)
    {
        var first = true;
        foreach (var value in cells)
        {
            if (!first) csv.Append(',');
            first = false;
            if (value.IndexOfAny([',', '"', '\r', '\n']) >= 0) csv.Append('"').Append(value.Replace("\"", "\"\"")).Append('"');
            else csv.Append(value);
        }

        csv.Append("\r\n");
    }
}
