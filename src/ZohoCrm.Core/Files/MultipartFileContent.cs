using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace ZohoCrm.Core.Files
{
    /// <summary>
    /// A multipart/form-data body with one file part, streamed from disk in small chunks with a known Content-Length
    /// (never buffered whole). The part's headers are written as UTF-8 so that a non-ASCII file name arrives intact.
    /// Each instance opens the file afresh, so a retry creates a new one and sends the file from its start.
    /// </summary>
    public sealed class MultipartFileContent : HttpContent
    {
        private const int ChunkSize = 81920;
        private readonly string _path;
        private readonly long _fileLength;
        private readonly byte[] _head;
        private readonly byte[] _tail;
        private readonly Action<long>? _progress;
        private readonly CancellationToken _ct;

        public MultipartFileContent(string field, string path, string fileName, string mediaType, Action<long>? progress, CancellationToken ct)
        {
            _path = path;
            _fileLength = new FileInfo(path).Length;
            _progress = progress;
            _ct = ct;
            var boundary = "zcrm-" + Guid.NewGuid().ToString("N");
            _head = Encoding.UTF8.GetBytes(
                "--" + boundary + "\r\n" +
                "Content-Disposition: " + ContentDisposition.FormDataHeader(field, fileName) + "\r\n" +
                "Content-Type: " + mediaType + "\r\n\r\n");
            _tail = Encoding.UTF8.GetBytes("\r\n--" + boundary + "--\r\n");
            Headers.ContentType = new MediaTypeHeaderValue("multipart/form-data");
            Headers.ContentType.Parameters.Add(new NameValueHeaderValue("boundary", boundary));
        }

        /// <summary>Bytes of the file itself (the body is a few hundred bytes longer).</summary>
        public long FileLength => _fileLength;

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(_head, 0, _head.Length, _ct).ConfigureAwait(false);
            using (var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, ChunkSize, FileOptions.Asynchronous | FileOptions.SequentialScan))
            {
                var buffer = new byte[ChunkSize];
                long sent = 0;
                while (sent < _fileLength)
                {
                    var read = await file.ReadAsync(buffer, 0, (int)Math.Min(buffer.Length, _fileLength - sent), _ct).ConfigureAwait(false);
                    if (read == 0) throw new IOException($"The file '{_path}' became shorter while it was being sent.");
                    await stream.WriteAsync(buffer, 0, read, _ct).ConfigureAwait(false);
                    sent += read;
                    _progress?.Invoke(sent);
                }
            }
            await stream.WriteAsync(_tail, 0, _tail.Length, _ct).ConfigureAwait(false);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _head.Length + _fileLength + _tail.Length;
            return true;
        }
    }
}
