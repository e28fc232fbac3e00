using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Cellular.Router.Tests.Infrastructure;

/// <summary>
/// A logger provider that keeps everything logged at every level: the formatted message, every
/// structured value, the exception with its inner ones, and every scope's state. For tests that
/// check what never reaches a log.
/// </summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _entries = new();

    /// <summary>One line per entry (category, level, message, values, exception) or scope.</summary>
    public IReadOnlyList<string> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            entries.Enqueue($"{category} scope: {Describe(state)}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = new StringBuilder()
                .Append(category).Append(' ').Append(logLevel).Append(' ').Append(eventId.Id).Append(": ")
                .Append(formatter(state, exception))
                .Append(" | ").Append(Describe(state));
            for (var e = exception; e is not null; e = e.InnerException)
            {
                line.Append(" | ").Append(e);
            }

            entries.Enqueue(line.ToString());
        }

        private static string Describe(object? state)
        {
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                return string.Join("; ", values.Select(v => v.Key + "=" + Convert.ToString(v.Value, CultureInfo.InvariantCulture)));
            }

            return Convert.ToString(state, CultureInfo.InvariantCulture) ?? string.Empty;
        }
    }
}
