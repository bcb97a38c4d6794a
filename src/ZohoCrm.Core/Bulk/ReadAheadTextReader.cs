using System;
using System.Collections.Concurrent;
using System.IO;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace ZohoCrm.Core.Bulk
{
    /// <summary>
    /// Reads another TextReader ahead on its own thread, a few blocks at a time, so that unzipping and decoding a bulk
    /// file run alongside the CSV parsing that consumes it instead of before each piece of it. At most
    /// <see cref="BlocksAhead"/> blocks wait, so memory stays flat however large the file. A failure of the inner reader
    /// (a damaged zip) is thrown by the Read that reaches it.
    /// </summary>
    public sealed class ReadAheadTextReader : TextReader
    {
        private const int BlocksAhead = 4;
        private const int BlockSize = 1 << 16;

        private readonly TextReader _inner;
        private readonly BlockingCollection<Block> _ready = new BlockingCollection<Block>(BlocksAhead);
        private readonly ConcurrentBag<char[]> _spare = new ConcurrentBag<char[]>();
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly Task _producer;
        private Block _current;
        private int _position;
        private bool _ended;
        private bool _disposed;

        public ReadAheadTextReader(TextReader inner)
        {
            _inner = inner ?? throw new ArgumentNullException(nameof(inner));
            // Its own thread: the producer blocks while the reader is behind, and a blocked pool thread starves the
            // continuations the cmdlet's pipeline waits for on a loaded machine (rounds that stalled for seconds).
            _producer = Task.Factory.StartNew(Produce, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        private void Produce()
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var buffer = _spare.TryTake(out var reused) ? reused : new char[BlockSize];
                    var length = Fill(buffer, out var failure);
                    // Text read before a failure is delivered first, then the failure.
                    if (length > 0) _ready.Add(new Block(buffer, length, null), _stop.Token);
                    if (failure != null)
                    {
                        _ready.Add(new Block(null, 0, failure), _stop.Token);
                        break;
                    }
                    if (length == 0) break;
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
            finally
            {
                _ready.CompleteAdding();
            }
        }

        /// <summary>Fills the block as far as the inner reader allows (it may return less than asked per call).</summary>
        private int Fill(char[] buffer, out ExceptionDispatchInfo? failure)
        {
            failure = null;
            var length = 0;
            try
            {
                while (length < buffer.Length)
                {
                    var read = _inner.Read(buffer, length, buffer.Length - length);
                    if (read <= 0) break;
                    length += read;
                }
            }
            catch (Exception ex)
            {
                failure = ExceptionDispatchInfo.Capture(ex);
            }
            return length;
        }

        public override int Read(char[] buffer, int index, int count)
        {
            if (buffer == null) throw new ArgumentNullException(nameof(buffer));
            if (index < 0 || count < 0 || index + count > buffer.Length) throw new ArgumentOutOfRangeException(nameof(count));
            if (count == 0 || !EnsureBlock()) return 0;
            var take = Math.Min(count, _current.Length - _position);
            Array.Copy(_current.Buffer!, _position, buffer, index, take);
            _position += take;
            return take;
        }

        public override int Read()
        {
            if (!EnsureBlock()) return -1;
            return _current.Buffer![_position++];
        }

        public override int Peek() => EnsureBlock() ? _current.Buffer![_position] : -1;

        private bool EnsureBlock()
        {
            if (_disposed) throw new ObjectDisposedException(nameof(ReadAheadTextReader));
            if (_current.Buffer != null && _position < _current.Length) return true;
            if (_ended) return false;
            if (_current.Buffer != null) _spare.Add(_current.Buffer);
            _current = default;
            _position = 0;
            if (!_ready.TryTake(out var next, Timeout.Infinite))
            {
                _ended = true;
                return false;
            }
            if (next.Error != null)
            {
                _ended = true;
                next.Error.Throw();
            }
            _current = next;
            return true;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && !_disposed)
            {
                _disposed = true;
                _stop.Cancel();
                // The producer ends at its next block (or at once if it waits for room); the inner reader is closed after.
                try { _producer.Wait(); }
                catch (AggregateException) { }
                _inner.Dispose();
                _ready.Dispose();
                _stop.Dispose();
            }
            base.Dispose(disposing);
        }

        private readonly struct Block
        {
            public Block(char[]? buffer, int length, ExceptionDispatchInfo? error)
            {
                Buffer = buffer;
                Length = length;
                Error = error;
            }

            public char[]? Buffer { get; }

            public int Length { get; }

            public ExceptionDispatchInfo? Error { get; }
        }
    }
}
