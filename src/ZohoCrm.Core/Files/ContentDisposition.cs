using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace ZohoCrm.Core.Files
{
    /// <summary>
    /// Reads and writes the file name of a <c>Content-Disposition</c> header: <c>filename*=UTF-8''…</c> (RFC 5987) wins over
    /// <c>filename="…"</c>; a plain name that arrived as raw UTF-8 bytes (read as Latin-1 by the HTTP stack) is decoded back.
    /// </summary>
    public static class ContentDisposition
    {
        public static string? FileNameOf(string? header)
        {
            if (string.IsNullOrWhiteSpace(header)) return null;
            string? plain = null;
            string? extended = null;
            foreach (var (name, value) in Parameters(header!))
            {
                if (string.Equals(name, "filename*", StringComparison.OrdinalIgnoreCase)) extended = DecodeExtended(value) ?? extended;
                else if (string.Equals(name, "filename", StringComparison.OrdinalIgnoreCase)) plain = RepairUtf8(value);
            }
            return !string.IsNullOrEmpty(extended) ? extended : string.IsNullOrEmpty(plain) ? null : plain;
        }

        /// <summary>
        /// The form-data part header of a file upload: <c>filename="…"</c> with the name as UTF-8 (as browsers send it)
        /// and <c>filename*</c> for servers that read RFC 5987.
        /// </summary>
        public static string FormDataHeader(string field, string fileName)
        {
            var header = new StringBuilder();
            header.Append("form-data; name=\"").Append(Quote(field)).Append("\"; filename=\"").Append(Quote(fileName)).Append('"');
            if (!IsAscii(fileName)) header.Append("; filename*=UTF-8''").Append(EncodeExtended(fileName));
            return header.ToString();
        }

        /// <summary>A response header value that is pure ASCII: an ASCII stand-in in <c>filename</c> and the real name in <c>filename*</c>.</summary>
        public static string AttachmentHeader(string fileName)
        {
            if (IsAscii(fileName)) return "attachment; filename=\"" + Quote(fileName) + "\"";
            var fallback = new StringBuilder(fileName.Length);
            foreach (var c in fileName) fallback.Append(c < 128 && c >= 32 ? c : '_');
            return "attachment; filename=\"" + Quote(fallback.ToString()) + "\"; filename*=UTF-8''" + EncodeExtended(fileName);
        }

        public static string EncodeExtended(string value)
        {
            var builder = new StringBuilder();
            foreach (var b in Encoding.UTF8.GetBytes(value))
            {
                var c = (char)b;
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$&+-.^_`|~".IndexOf(c) >= 0) builder.Append(c);
                else builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
            return builder.ToString();
        }

        private static string? DecodeExtended(string value)
        {
            // charset'language'percent-encoded
            var first = value.IndexOf('\'');
            var second = first < 0 ? -1 : value.IndexOf('\'', first + 1);
            if (second < 0) return null;
            var charset = value.Substring(0, first);
            Encoding encoding;
            try { encoding = Encoding.GetEncoding(charset.Length == 0 ? "utf-8" : charset); }
            catch (ArgumentException) { return null; }
            var bytes = new List<byte>();
            var text = value.Substring(second + 1);
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == '%' && i + 2 < text.Length &&
                    byte.TryParse(text.Substring(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
                {
                    bytes.Add(b);
                    i += 2;
                }
                else
                {
                    bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
                }
            }
            try { return encoding.GetString(bytes.ToArray()); }
            catch (DecoderFallbackException) { return null; }
        }

        /// <summary>A name whose characters are all below 256 and whose bytes form valid UTF-8 was UTF-8 read as Latin-1.</summary>
        private static string RepairUtf8(string value)
        {
            var hasHigh = false;
            foreach (var c in value)
            {
                if (c > 255) return value;
                if (c > 127) hasHigh = true;
            }
            if (!hasHigh) return value;
            var bytes = new byte[value.Length];
            for (var i = 0; i < value.Length; i++) bytes[i] = (byte)value[i];
            try { return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes); }
            catch (DecoderFallbackException) { return value; }
        }

        private static IEnumerable<(string Name, string Value)> Parameters(string header)
        {
            var i = header.IndexOf(';');
            while (i >= 0 && i < header.Length)
            {
                i++;
                while (i < header.Length && (header[i] == ' ' || header[i] == '\t')) i++;
                var eq = header.IndexOf('=', i);
                if (eq < 0) yield break;
                var name = header.Substring(i, eq - i).Trim();
                i = eq + 1;
                while (i < header.Length && header[i] == ' ') i++;
                string value;
                if (i < header.Length && header[i] == '"')
                {
                    var builder = new StringBuilder();
                    i++;
                    while (i < header.Length && header[i] != '"')
                    {
                        if (header[i] == '\\' && i + 1 < header.Length) i++;
                        builder.Append(header[i]);
                        i++;
                    }
                    value = builder.ToString();
                    i = header.IndexOf(';', Math.Min(i, header.Length));
                }
                else
                {
                    var end = header.IndexOf(';', i);
                    value = (end < 0 ? header.Substring(i) : header.Substring(i, end - i)).Trim();
                    i = end;
                }
                yield return (name, value);
                if (i < 0) yield break;
            }
        }

        private static string Quote(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\r", " ").Replace("\n", " ");

        private static bool IsAscii(string value)
        {
            foreach (var c in value) if (c >= 128 || c < 32) return false;
            return true;
        }
    }
}
