using System.Globalization;
using System.Net;
using System.Text;
using Cellular.Router.Tests.Infrastructure;

namespace Cellular.Router.Tests.Forwarding.Framing;

/// <summary>
/// Randomised requests (methods, paths, queries, headers, body sizes, Content-Length or chunked)
/// and randomised cell answers (Content-Length, chunked or to the end of the connection), sent
/// through a lean router and a YARP router: each cell must receive the same request and each client
/// the same answer, whichever path carried it.
/// </summary>
public sealed class ForwardingFuzzTests
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"];

    // What legitimately differs between the paths or the two cells.
    private static readonly HashSet<string> Volatile = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "X-Cellular-Assertion", "traceparent", "tracestate", "X-Forwarded-Host",
    };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task RandomRequests_SameOnBothPaths(int seed)
    {
        await using var lean = await FramingHarness.StartAsync(lean: true, Answer);
        await using var yarp = await FramingHarness.StartAsync(lean: false, Answer);
        var random = new Random(seed);

        for (var i = 0; i < 40; i++)
        {
            var spec = RequestSpec.Random(random, i);
            var (leanStatus, leanHeaders, leanBody) = await SendAsync(lean, spec);
            var (yarpStatus, yarpHeaders, yarpBody) = await SendAsync(yarp, spec);

            Assert.Equal(yarpStatus, leanStatus);
            Assert.Equal(yarpBody, leanBody);
            Assert.Equal(yarpHeaders, leanHeaders);
        }

        var leanSeen = lean.Cell.Requests.ToArray();
        var yarpSeen = yarp.Cell.Requests.ToArray();
        Assert.Equal(yarpSeen.Length, leanSeen.Length);
        for (var i = 0; i < leanSeen.Length; i++)
        {
            Assert.Equal(yarpSeen[i].Method, leanSeen[i].Method);
            Assert.Equal(yarpSeen[i].Target, leanSeen[i].Target);
            Assert.Equal(yarpSeen[i].Body, leanSeen[i].Body);
            Assert.Equal(Describe(yarpSeen[i]), Describe(leanSeen[i]));
        }
    }

    private static string Describe(RawRequest request) =>
        string.Join("\n", request.Headers
            .Where(h => !Volatile.Contains(h.Key))
            .Select(h => h.Key.ToLowerInvariant() + ": " + h.Value)
            .Order(StringComparer.Ordinal));

    /// <summary>The cell's answer, framed by the request's own number: Content-Length, chunked, or closed.</summary>
    private static async Task<bool> Answer(RawRequest request, Stream stream)
    {
        var number = int.Parse(request.Header("X-Fuzz-Number")!, CultureInfo.InvariantCulture);
        var body = $"{request.Method} {request.Target} {request.Body.Length} " + new string('r', number * 997 % 40_000);
        var head = request.Method == "HEAD" ? $"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\nX-Answer: {number}\r\n\r\n" : null;
        if (head is not null)
        {
            return await RawCell.Reply(stream, head);
        }

        return (number % 3) switch
        {
            0 => await RawCell.Reply(stream, $"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\nX-Answer: {number}\r\n\r\n{body}"),
            1 => await RawCell.Reply(stream, $"HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\nX-Answer: {number}\r\n\r\n{body.Length:x}\r\n{body}\r\n0\r\n\r\n"),
            _ => await RawCell.ReplyAndClose(stream, $"HTTP/1.1 202 Accepted\r\nConnection: close\r\nX-Answer: {number}\r\n\r\n{body}"),
        };
    }

    private static async Task<(HttpStatusCode Status, string Headers, string Body)> SendAsync(FramingHarness harness, RequestSpec spec)
    {
        using var request = spec.ToMessage();
        using var response = await harness.Router.Client.SendAsync(request);
        var headers = string.Join("\n", response.Headers.Concat(response.Content.Headers)
            .Where(h => h.Key is "X-Answer" or "Content-Length" or "X-Cell-Id" or "Content-Type")
            .Select(h => h.Key + ": " + string.Join(",", h.Value))
            .Order(StringComparer.Ordinal));
        return (response.StatusCode, headers, await response.Content.ReadAsStringAsync());
    }

    private sealed record RequestSpec(int Number, string Method, string Target, List<KeyValuePair<string, string>> Headers, byte[]? Body, bool Chunked)
    {
        public static RequestSpec Random(Random random, int number)
        {
            var method = Methods[random.Next(Methods.Length)];
            var target = "/" + string.Join("/", Enumerable.Range(0, random.Next(0, 4)).Select(_ => Token(random, 1, 8)));
            if (random.Next(2) == 0)
            {
                target += "?" + Token(random, 1, 5) + "=" + Token(random, 0, 6) + (random.Next(2) == 0 ? "&b=%20x" : "");
            }

            var headers = new List<KeyValuePair<string, string>>();
            for (var i = random.Next(0, 6); i > 0; i--)
            {
                headers.Add(KeyValuePair.Create($"X-Fuzz-{i}", Token(random, 0, 30)));
            }

            if (random.Next(3) == 0)
            {
                headers.Add(KeyValuePair.Create("Accept", "application/json"));
            }

            if (random.Next(4) == 0)
            {
                headers.Add(KeyValuePair.Create("X-Forwarded-For", "6.6.6.6"));
            }

            byte[]? body = null;
            if (method is not ("GET" or "HEAD" or "OPTIONS") && random.Next(4) != 0)
            {
                int[] sizes = [0, 1, 17, 4096, 20_000, 70_000, 150_000];
                body = new byte[sizes[random.Next(sizes.Length)]];
                random.NextBytes(body);
            }

            return new RequestSpec(number, method, target, headers, body, random.Next(2) == 0);
        }

        public HttpRequestMessage ToMessage()
        {
            var message = new HttpRequestMessage(new HttpMethod(Method), Target);
            message.Headers.Add("X-Tenant-Id", "acme");
            message.Headers.Add("X-Fuzz-Number", Number.ToString(CultureInfo.InvariantCulture));
            foreach (var (name, value) in Headers)
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }

            if (Body is not null)
            {
                message.Content = Chunked ? new StreamContent(new UnknownLength(Body)) : new ByteArrayContent(Body);
                message.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
            }

            return message;
        }

        private static string Token(Random random, int min, int max)
        {
            const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~";
            var text = new StringBuilder();
            for (var i = random.Next(min, max + 1); i > 0; i--)
            {
                text.Append(Alphabet[random.Next(Alphabet.Length)]);
            }

            return text.ToString();
        }
    }

    private sealed class UnknownLength(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
