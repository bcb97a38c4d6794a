using System;
using System.Globalization;
using Newtonsoft.Json.Linq;

namespace ZohoCrm.Core.Files
{
    /// <summary>A file or link attached to a record (fact sheet §19.2), with the module and id of its parent record.</summary>
    public sealed class Attachment
    {
        public string Id { get; set; } = string.Empty;

        /// <summary>The name Zoho keeps for the file (for a link: its title).</summary>
        public string? FileName { get; set; }

        /// <summary>Bytes; 0 for a link.</summary>
        public long Size { get; set; }

        /// <summary>"Attachment" for a file, "Link" for a link (Zoho's $type).</summary>
        public string? Type { get; set; }

        public bool IsLink => !string.IsNullOrEmpty(LinkUrl) || string.Equals(Type, "Link", StringComparison.OrdinalIgnoreCase);

        public string? LinkUrl { get; set; }

        public string? Owner { get; set; }

        public string? OwnerId { get; set; }

        public DateTimeOffset? CreatedTime { get; set; }

        public string? CreatedBy { get; set; }

        public DateTimeOffset? ModifiedTime { get; set; }

        public string ParentModule { get; set; } = string.Empty;

        public string ParentId { get; set; } = string.Empty;

        public string? ParentName { get; set; }

        /// <summary>Zoho's $file_id (the file's id in Zoho's file store).</summary>
        public string? FileId { get; set; }

        public bool? Editable { get; set; }

        /// <summary>One row of GET {module}/{id}/Attachments.</summary>
        public static Attachment FromJson(JObject row, string module, string recordId)
        {
            var parent = row["Parent_Id"] as JObject;
            var owner = row["Owner"] as JObject;
            return new Attachment
            {
                Id = (string?)row["id"] ?? string.Empty,
                FileName = (string?)row["File_Name"],
                Size = ParseSize(row["Size"]),
                Type = (string?)row["$type"],
                LinkUrl = NullIfEmpty((string?)row["$link_url"]),
                Owner = (string?)owner?["name"],
                OwnerId = (string?)owner?["id"],
                CreatedTime = ParseTime(row["Created_Time"]),
                CreatedBy = (string?)(row["Created_By"] as JObject)?["name"],
                ModifiedTime = ParseTime(row["Modified_Time"]),
                ParentModule = NullIfEmpty((string?)row["$se_module"]) ?? module,
                ParentId = NullIfEmpty((string?)parent?["id"]) ?? recordId,
                ParentName = (string?)parent?["name"],
                FileId = (string?)row["$file_id"],
                Editable = (bool?)row["$editable"],
            };
        }

        public override string ToString() => FileName ?? Id;

        internal static DateTimeOffset? ParseTime(JToken? token)
        {
            var text = (string?)token;
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value) ? value : (DateTimeOffset?)null;
        }

        private static long ParseSize(JToken? token)
        {
            if (token == null || token.Type == JTokenType.Null) return 0;
            if (token.Type == JTokenType.Integer) return (long)token;
            return long.TryParse((string?)token, NumberStyles.Integer, CultureInfo.InvariantCulture, out var size) ? size : 0;
        }

        private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>A file written to disk by a download.</summary>
    public sealed class SavedFile
    {
        public SavedFile(string path, long length, string? mediaType, string? serverFileName)
        {
            Path = path;
            Length = length;
            MediaType = mediaType;
            ServerFileName = serverFileName;
        }

        public string Path { get; }
        public long Length { get; }
        public string? MediaType { get; }

        /// <summary>The name Zoho gave (before it was made safe), when it gave one.</summary>
        public string? ServerFileName { get; }
    }

    /// <summary>Where a download goes: a folder, and a file name or none (then the server's name, made safe).</summary>
    public sealed class DownloadTarget
    {
        public DownloadTarget(string folder, string? fileName, string fallbackName, bool overwrite)
        {
            Folder = folder;
            FileName = fileName;
            FallbackName = fallbackName;
            Overwrite = overwrite;
        }

        public string Folder { get; }

        /// <summary>An explicit name chosen by the user; used as given.</summary>
        public string? FileName { get; }

        /// <summary>Used when the server names no file: the list's File_Name, else a name made from the ids.</summary>
        public string FallbackName { get; }

        public bool Overwrite { get; }
    }

    /// <summary>A problem with a local file, found before or after a call; never retried.</summary>
    public sealed class LocalFileException : Exception
    {
        public const string FileExists = "ZcrmFileExists";
        public const string FileNotFound = "ZcrmFileNotFound";
        public const string FileTooLarge = "ZcrmFileTooLarge";
        public const string UnsupportedImage = "ZcrmUnsupportedImage";
        public const string WriteFailed = "ZcrmFileWriteFailed";
        public const string NothingToDownload = "ZcrmNothingToDownload";

        public LocalFileException(string errorId, string message, string? path, Exception? inner = null) : base(message, inner)
        {
            ErrorId = errorId;
            Path = path;
        }

        public string ErrorId { get; }

        public string? Path { get; }

        /// <summary>For FileTooLarge: the limit in bytes.</summary>
        public long? Limit { get; set; }
    }
}
