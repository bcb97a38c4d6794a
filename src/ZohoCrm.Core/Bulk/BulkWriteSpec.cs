using System.Collections.Generic;
using System.Linq;
using Newtonsoft.Json.Linq;

namespace ZohoCrm.Core.Bulk
{
    /// <summary>The body of one create-job call (fact sheet §21.2): one resource, the uploaded file, its field mappings.</summary>
    public sealed class BulkWriteSpec
    {
        public BulkWriteSpec(string operation, string module, string fileId, IReadOnlyList<BulkWriteColumn> columns)
        {
            Operation = operation;
            Module = module;
            FileId = fileId;
            Columns = columns;
        }

        /// <summary>insert, update or upsert.</summary>
        public string Operation { get; }

        public string Module { get; }

        public string FileId { get; }

        public IReadOnlyList<BulkWriteColumn> Columns { get; }

        /// <summary>update/upsert: the field that finds the record (id, or a unique field such as Email).</summary>
        public string? FindBy { get; set; }

        public string? CallbackUrl { get; set; }

        /// <summary>(?) Not in §21.2 or bulk_write.json: sent only when the caller chose triggers.</summary>
        public IReadOnlyList<string>? Triggers { get; set; }

        /// <summary>Empty cells leave existing values alone (the client never sends a value it means to clear as empty).</summary>
        public bool IgnoreEmpty { get; set; } = true;

        public JObject ToJson()
        {
            var resource = new JObject
            {
                ["type"] = "data",
                ["module"] = new JObject { ["api_name"] = Module },
                ["file_id"] = FileId,
                ["ignore_empty"] = IgnoreEmpty,
            };
            if (FindBy != null) resource["find_by"] = FindBy;
            resource["field_mappings"] = new JArray(Columns.Select((c, i) => (object)c.Mapping(i)).ToArray());
            var body = new JObject
            {
                ["operation"] = Operation,
                ["character_encoding"] = "UTF-8",
                ["ignore_empty"] = IgnoreEmpty,
            };
            if (CallbackUrl != null) body["callback"] = new JObject { ["url"] = CallbackUrl, ["method"] = "post" };
            if (Triggers != null) body["trigger"] = new JArray(Triggers.Cast<object>().ToArray());
            body["resource"] = new JArray(resource);
            return body;
        }
    }
}
