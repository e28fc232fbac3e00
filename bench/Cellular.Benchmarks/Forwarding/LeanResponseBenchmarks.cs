using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using BenchmarkDotNet.Attributes;
using Cellular.Router.Forwarding.Lean;

namespace Cellular.Benchmarks.Forwarding;

/// <summary>
/// The lean forwarding path's per-response parsing, which replaces HttpClient's response parsing
/// for plain HTTP/1.1 cells: checking a typical cell response head once
/// (<see cref="ResponseHead.TryParse"/>: status line, framing, hop-by-hop names), and decoding a
/// chunked body of 8 chunks (<see cref="ChunkedDecoder"/>) into a pipe. Both should allocate nothing.
/// </summary>
/// <remarks>Not sealed: BenchmarkDotNet derives from benchmark classes.</remarks>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class LeanResponseBenchmarks
{
    private const int MaxHead = 64 * 1024;

    private readonly ResponseHead _head = new();
    private readonly Pipe _pipe = new();
    private byte[] _typical = [];
    private ReadOnlySequence<byte> _chunked;

    [GlobalSetup]
    public void Setup()
    {
        _typical = Encoding.ASCII.GetBytes(
            "HTTP/1.1 200 OK\r\nContent-Length: 11\r\nContent-Type: application/json; charset=utf-8\r\n"
            + "Date: Mon, 07 Dec 2026 22:00:00 GMT\r\nServer: Kestrel\r\nConnection: keep-alive\r\n"
            + "X-Cell-Id: c1\r\nCache-Control: no-store\r\n\r\n{\"ok\":true}");
        var body = new StringBuilder();
        for (var i = 0; i < 8; i++)
        {
            body.Append("200\r\n").Append('x', 512).Append("\r\n");
        }

        _chunked = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(body.Append("0\r\n\r\n").ToString()));
    }

    /// <summary>Parses and checks a typical response head.</summary>
    [Benchmark]
    public int ParseHead() => _head.TryParse(_typical, MaxHead) == HeadParse.Complete ? _head.Count : -1;

    /// <summary>Decodes a 4 KiB chunked body (8 chunks of 512 bytes) into a pipe.</summary>
    [Benchmark]
    public int DecodeChunked()
    {
        var decoder = new ChunkedDecoder();
        var buffer = _chunked;
        var state = decoder.Decode(ref buffer, _pipe.Writer, 4096);
        _ = _pipe.Writer.FlushAsync();
        if (_pipe.Reader.TryRead(out var read))
        {
            _pipe.Reader.AdvanceTo(read.Buffer.End);
        }

        return (int)state;
    }
}
