using Microsoft.AspNetCore.Http;

namespace ZohoCrm.Emulator.Faults;

/// <summary>A response body that aborts the connection once a number of bytes (by default half the Content-Length) went out.</summary>
internal sealed class CuttingStream(HttpContext http, Stream inner, long? afterBytes) : Stream
{
    private long _written;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _written; set => throw new NotSupportedException(); }

    private long Limit => afterBytes ?? Math.Max(1, (http.Response.ContentLength ?? 2) / 2);

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var allowed = (int)Math.Min(buffer.Length, Math.Max(0, Limit - _written));
        if (allowed > 0)
        {
            await inner.WriteAsync(buffer[..allowed], cancellationToken).ConfigureAwait(false);
            _written += allowed;
        }

        if (allowed < buffer.Length)
        {
            await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
            // A reset drops what the client has not read yet; give it the headers and the first bytes first.
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            http.Items[FaultMiddleware.DroppedItemKey] = true;
            http.Abort();
            throw new OperationCanceledException("The emulator cut the response body (CutBody fault).", http.RequestAborted);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
