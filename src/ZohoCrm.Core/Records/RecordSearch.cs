namespace ZohoCrm.Core.Records
{
    /// <summary>What to search for: exactly one of criteria, email, phone or word (fact sheet §4.1).</summary>
    public sealed class RecordSearch
    {
        public string? Criteria { get; set; }
        public string? Email { get; set; }
        public string? Phone { get; set; }
        public string? Word { get; set; }
        public string? Converted { get; set; }
        public string? Approved { get; set; }
    }
}
