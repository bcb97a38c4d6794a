namespace ZohoCrm
{
    /// <summary>
    /// A lookup as a bulk read file carries it: the id of the record it points to (<c>$row.Owner.id</c>, as on a record
    /// from the records API, whose lookups also carry the name). A plain object rather than a PSCustomObject: a bulk row
    /// has several, and a PSCustomObject with a type name costs PowerShell two entries in its tables of objects with
    /// members, several times the cost of the row's own fields. Its class name is the type name ZohoCrm.Lookup, and its
    /// text is the id, as the type's ToString script method gives a lookup without a name.
    /// </summary>
    public sealed class Lookup
    {
        public Lookup(string? id)
        {
            this.id = id;
        }

        /// <summary>The record's id, spelled as Zoho's JSON and the records API's lookups spell it.</summary>
#pragma warning disable IDE1006 // PowerShell users read $row.Owner.id, as on every other lookup
        public string? id { get; set; }
#pragma warning restore IDE1006

        public override string ToString() => id ?? string.Empty;
    }
}
