using System;
using System.Collections.Generic;
using System.IO;
using ZohoCrm.Core.Metadata;

namespace ZohoCrm.Core.Bulk
{
    /// <summary>
    /// Reads a bulk-read CSV row by row: the header becomes the <see cref="Schema"/>, each later row its cells (one per
    /// column, missing trailing cells empty). Typing is the schema's, so a caller can type a cell only when it is read.
    /// </summary>
    public sealed class BulkCsvRecordReader : IDisposable
    {
        private readonly CsvReader _csv;
        private readonly List<string> _row = new List<string>(64);

        public BulkCsvRecordReader(TextReader text, string module, FieldTypeMap types)
        {
            _csv = new CsvReader(text);
            Schema = new BulkCsvSchema(module, _csv.ReadRow(_row) ? _row : (IReadOnlyList<string>)Array.Empty<string>(), types ?? FieldTypeMap.Empty);
        }

        public BulkCsvSchema Schema { get; }

        /// <summary>Rows read so far.</summary>
        public long RecordsRead { get; private set; }

        /// <summary>The next row's cells, as many as the header has columns; null at the end of the file.</summary>
        public string[]? ReadCells()
        {
            var count = Schema.Count;
            if (count == 0 || !_csv.ReadRow(_row)) return null;
            var cells = new string[count];
            var have = Math.Min(count, _row.Count);
            _row.CopyTo(0, cells, 0, have);
            for (var i = have; i < count; i++) cells[i] = string.Empty;
            RecordsRead++;
            return cells;
        }

        public void Dispose() => _csv.Dispose();
    }
}
