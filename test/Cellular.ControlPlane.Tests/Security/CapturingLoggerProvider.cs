using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Cellular.ControlPlane.Tests.Security;

/// <summary>Keeps every log entry at every level: message, structured values, scopes and exception text.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Text)> _entries = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<(LogLevel Level, string Category, string Text)> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private static string Describe(object? state) => state switch
    {
        null => string.Empty,
        IEnumerable<KeyValuePair<string, object?>> values => state + " {" + string.Join(", ", values.Select(v => $"{v.Key}={v.Value}")) + "}",
        _ => state.ToString() ?? string.Empty,
    };

    private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = new System.Text.StringBuilder(formatter(state, exception)).Append(' ').Append(Describe(state));
            provider._scopes.ForEachScope((scope, builder) => builder.Append(" scope: ").Append(Describe(scope)), text);
            if (exception is not null)
            {
                text.Append(' ').Append(exception);
            }

            provider._entries.Enqueue((logLevel, category, text.ToString()));
        }
    }
}
