using System;
using System.IO;

namespace ZohoCrm.Core.Files
{
    /// <summary>The image formats Zoho takes as a record photo (PNG, JPEG, GIF, BMP), told by their first bytes.</summary>
    public static class ImageFormat
    {
        /// <summary>"image/png", "image/jpeg", "image/gif" or "image/bmp"; null for anything else.</summary>
        public static string? MediaTypeOf(byte[] head, int count)
        {
            if (count >= 8 && head[0] == 0x89 && head[1] == 0x50 && head[2] == 0x4E && head[3] == 0x47 && head[4] == 0x0D && head[5] == 0x0A && head[6] == 0x1A && head[7] == 0x0A) return "image/png";
            if (count >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF) return "image/jpeg";
            if (count >= 6 && head[0] == (byte)'G' && head[1] == (byte)'I' && head[2] == (byte)'F' && head[3] == (byte)'8' && (head[4] == (byte)'7' || head[4] == (byte)'9') && head[5] == (byte)'a') return "image/gif";
            if (count >= 2 && head[0] == (byte)'B' && head[1] == (byte)'M') return "image/bmp";
            return null;
        }

        public static string? MediaTypeOfFile(string path)
        {
            var head = new byte[8];
            int count;
            using (var file = File.OpenRead(path)) count = file.Read(head, 0, head.Length);
            return MediaTypeOf(head, count);
        }

        public static string ExtensionOf(string? mediaType)
        {
            switch ((mediaType ?? string.Empty).ToLowerInvariant())
            {
                case "image/png": return ".png";
                case "image/jpeg":
                case "image/jpg": return ".jpg";
                case "image/gif": return ".gif";
                case "image/bmp": return ".bmp";
                default: return string.Empty;
            }
        }
    }
}
