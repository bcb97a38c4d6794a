using System;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace ZohoCrm.Core.Files
{
    /// <summary>
    /// Turns a file name chosen by someone else (Zoho's File_Name, a Content-Disposition header) into one that is safe
    /// to create inside a chosen folder on every OS: one path segment, no <c>..</c>, no leading dot that would hide it, no
    /// character Windows refuses, and no device name (CON, NUL, COM1…) even with an extension.
    /// </summary>
    public static class SafeFileName
    {
        /// <summary>Longest name kept (most file systems allow 255 bytes; room is left for a temporary suffix).</summary>
        public const int MaxLength = 180;

        private static readonly Regex DotRuns = new Regex(@"\.{2,}", RegexOptions.CultureInvariant);

        private static readonly string[] DeviceNames =
        {
            "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$",
            "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "COM\u00B9", "COM\u00B2", "COM\u00B3",
            "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT\u00B9", "LPT\u00B2", "LPT\u00B3",
        };

        /// <summary>A safe name for <paramref name="name"/>, or <paramref name="fallback"/> (made safe too) when nothing usable is left.</summary>
        public static string From(string? name, string fallback)
        {
            var cleaned = Clean(name);
            if (cleaned.Length > 0) return cleaned;
            cleaned = Clean(fallback);
            return cleaned.Length > 0 ? cleaned : "file";
        }

        private static string Clean(string? name)
        {
            if (string.IsNullOrEmpty(name)) return string.Empty;
            var builder = new StringBuilder(name!.Length);
            foreach (var c in name!.Normalize(NormalizationForm.FormC))
            {
                // Separators of every OS, characters Windows refuses (':' would also open an NTFS stream), controls.
                if (c == '/' || c == '\\' || c == ':' || c == '*' || c == '?' || c == '"' || c == '<' || c == '>' || c == '|' || c < 32 || c == 127)
                    builder.Append('_');
                else
                    builder.Append(c);
            }

            // No "..", and no leading dots or spaces (hidden files, "." and ".."), no trailing ones (Windows drops them).
            var text = DotRuns.Replace(builder.ToString(), ".").Trim(' ', '.', '\u00A0');
            if (text.Length == 0) return string.Empty;

            if (IsDeviceName(text)) text = "_" + text;
            if (text.Length > MaxLength) text = Shorten(text);
            return text;
        }

        /// <summary>CON, nul.txt, "COM1 .log": Windows maps the part before the first dot (trailing spaces ignored) to a device.</summary>
        public static bool IsDeviceName(string name)
        {
            var dot = name.IndexOf('.');
            var stem = (dot < 0 ? name : name.Substring(0, dot)).TrimEnd(' ');
            return DeviceNames.Any(d => string.Equals(d, stem, StringComparison.OrdinalIgnoreCase));
        }

        private static string Shorten(string text)
        {
            var dot = text.LastIndexOf('.');
            var extension = dot > 0 && text.Length - dot <= 16 ? text.Substring(dot) : string.Empty;
            var stem = text.Substring(0, MaxLength - extension.Length);
            // Do not cut a surrogate pair in half.
            if (stem.Length > 0 && char.IsHighSurrogate(stem[stem.Length - 1])) stem = stem.Substring(0, stem.Length - 1);
            return stem.TrimEnd(' ', '.') + extension;
        }
    }
}
