using Newtonsoft.Json.Linq;

namespace ZohoCrm.Core.Related
{
    /// <summary>The JSON of a note to create or change (fact sheet §17.2, the v8 object form of Parent_Id).</summary>
    public static class NotePayload
    {
        public const string Module = "Notes";

        public static JObject ForCreate(string parentModule, string parentId, string? title, string content)
        {
            var note = new JObject();
            if (!string.IsNullOrEmpty(title)) note["Note_Title"] = title;
            note["Note_Content"] = content;
            note["Parent_Id"] = new JObject { ["module"] = new JObject { ["api_name"] = parentModule }, ["id"] = parentId };
            return note;
        }

        public static JObject ForUpdate(string noteId, string? title, string? content)
        {
            var note = new JObject { ["id"] = noteId };
            if (title != null) note["Note_Title"] = title;
            if (content != null) note["Note_Content"] = content;
            return note;
        }

        /// <summary>Zoho ids are 64-bit numbers; anything else is refused before a call.</summary>
        public static bool IsId(string? text) => !string.IsNullOrEmpty(text) && text!.Length <= 19 && long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _);
    }
}
