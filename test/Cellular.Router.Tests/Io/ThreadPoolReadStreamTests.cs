using System.Net;
using System.Net.Sockets;
using System.Text;
using Cellular.Router.Io;

namespace Cellular.Router.Tests.Io;

public sealed class ThreadPoolReadStreamTests
{
    [Fact]
    public async Task ReadAsync_ThatWaited_ContinuesOnThePoolNotOnTheThreadThatCompletedIt()
    {
        // The read is completed by a thread of our own, synchronously, as an inline socket
        // completion runs its continuation on the I/O thread. The continuation that records where
        // the caller goes on is registered before the read completes, and the whole runs without
        // the test framework's synchronization context, as the router's code runs.
        var inner = new GatedStream();
        var completer = new Thread(() => inner.Complete(3)) { IsBackground = true };

        var (read, where) = await Task.Run(() =>
        {
            var stream = new ThreadPoolReadStream(inner);
            var read = stream.ReadAsync(new byte[8]).AsTask();
            var where = read.ContinueWith(
                _ => (Thread.CurrentThread.IsThreadPoolThread, Environment.CurrentManagedThreadId),
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            completer.Start();
            return (read, where);
        });
        var count = await read;
        var (onPool, threadId) = await where;

        Assert.Equal(3, count);
        Assert.True(onPool);
        Assert.NotEqual(completer.ManagedThreadId, threadId);
    }

    [Fact]
    public async Task ReadAsync_AlreadyCompleted_ReturnsWithoutAHop()
    {
        using var stream = new ThreadPoolReadStream(new MemoryStream("abc"u8.ToArray()));
        var buffer = new byte[8];

        var read = stream.ReadAsync(buffer);

        Assert.True(read.IsCompleted);
        Assert.Equal(3, await read);
        Assert.Equal("abc", Encoding.ASCII.GetString(buffer, 0, 3));
    }

    [Fact]
    public async Task HttpClient_WithThePoolConnector_ExchangesOverRealTcp()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = Task.Run(async () =>
        {
            using var accepted = await listener.AcceptTcpClientAsync();
            var network = accepted.GetStream();
            var request = new byte[4096];
            var seen = 0;
            while (!Encoding.ASCII.GetString(request, 0, seen).Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                seen += await network.ReadAsync(request.AsMemory(seen));
            }

            await network.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello"u8.ToArray());
        });
        using var client = new HttpClient(PoolConnector.CreateHandler());

        var body = await client.GetStringAsync(new Uri($"http://localhost:{port}/"));
        await server;

        Assert.Equal("hello", body);
    }

    /// <summary>A stream whose first read waits until <see cref="Complete"/> is called.</summary>
    private sealed class GatedStream : Stream
    {
        private readonly TaskCompletionSource<int> _gate = new(TaskCreationOptions.None);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public void Complete(int count) => _gate.SetResult(count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(_gate.Task);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
