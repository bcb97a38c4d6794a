using System;
using System.IO;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ZohoCrm.Core.Json
{
    /// <summary>
    /// Reads a list answer's <c>info</c> from the end of its buffered body without parsing the records before it: Zoho
    /// writes <c>{"data":[…],"info":{…}}</c>, so the body ends with the info object and the top-level object's brace.
    /// Anything else (info first, other members after it, an unreadable tail) is "cannot tell", never a guess.
    /// </summary>
    public static class PageInfoAtEnd
    {
        private static readonly byte[] InfoKey = { (byte)'"', (byte)'i', (byte)'n', (byte)'f', (byte)'o', (byte)'"' };

        public static bool TryRead(MemoryStream body, out bool moreRecords, out string? nextPageToken, out int count)
        {
            moreRecords = false;
            nextPageToken = null;
            count = 0;
            var bytes = body.GetBuffer();
            var end = (int)body.Length - 1;
            end = SkipSpaceBack(bytes, end);
            if (end < 1 || bytes[end] != (byte)'}') return false;
            var infoEnd = SkipSpaceBack(bytes, end - 1);
            if (infoEnd < 0 || bytes[infoEnd] != (byte)'}') return false;

            var key = LastIndexOf(bytes, InfoKey, infoEnd);
            if (key < 0) return false;
            var start = SkipSpace(bytes, key + InfoKey.Length, infoEnd);
            if (start > infoEnd || bytes[start] != (byte)':') return false;
            start = SkipSpace(bytes, start + 1, infoEnd);
            if (start > infoEnd || bytes[start] != (byte)'{') return false;
            // The key must be a member of the top-level object: preceded by its comma (or its opening brace).
            var before = SkipSpaceBack(bytes, key - 1);
            if (before < 0 || (bytes[before] != (byte)',' && bytes[before] != (byte)'{')) return false;

            try
            {
                using var reader = new JsonTextReader(new StreamReader(new MemoryStream(bytes, start, infoEnd - start + 1, writable: false)));
                var info = JObject.Load(reader);
                if (reader.Read()) return false;
                if (!(info["more_records"] is JValue more) || more.Type != JTokenType.Boolean) return false;
                if (!(info["count"] is JValue rows) || rows.Type != JTokenType.Integer) return false;
                moreRecords = (bool)more;
                count = (int)rows;
                nextPageToken = info["next_page_token"] is JValue token && token.Type == JTokenType.String ? (string?)token : null;
                return true;
            }
            catch (Exception ex) when (ex is JsonException || ex is InvalidCastException || ex is OverflowException)
            {
                return false;
            }
        }

        private static int SkipSpaceBack(byte[] bytes, int i)
        {
            while (i >= 0 && (bytes[i] == (byte)' ' || bytes[i] == (byte)'\n' || bytes[i] == (byte)'\r' || bytes[i] == (byte)'\t')) i--;
            return i;
        }

        private static int SkipSpace(byte[] bytes, int i, int last)
        {
            while (i <= last && (bytes[i] == (byte)' ' || bytes[i] == (byte)'\n' || bytes[i] == (byte)'\r' || bytes[i] == (byte)'\t')) i++;
            return i;
        }

        private static int LastIndexOf(byte[] bytes, byte[] value, int last)
        {
            for (var i = last - value.Length + 1; i >= 0; i--)
            {
                var match = true;
                for (var j = 0; j < value.Length && match; j++) match = bytes[i + j] == value[j];
                if (match) return i;
            }
            return -1;
        }
    }
}
