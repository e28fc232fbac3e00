using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Cellular.Cell.Tests.Infrastructure;

/// <summary>Records every log entry with the scope key/value pairs active when it was written.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyCollection<LogEntry> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    public sealed record LogEntry(
        string Category,
        LogLevel Level,
        EventId EventId,
        string Message,
        IReadOnlyList<KeyValuePair<string, object?>> Scope,
        IReadOnlyList<KeyValuePair<string, object?>> State)
    {
        public object? ScopeValue(string key) => Scope.LastOrDefault(p => p.Key == key).Value;

        public object? StateValue(string key) => State.LastOrDefault(p => p.Key == key).Value;

        public bool HasScope(string key) => Scope.Any(p => p.Key == key);
    }

    private sealed class CapturingLogger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scope = new List<KeyValuePair<string, object?>>();
            provider._scopes.ForEachScope(
                (s, list) =>
                {
                    if (s is IEnumerable<KeyValuePair<string, object?>> pairs)
                    {
                        list.AddRange(pairs);
                    }
                },
                scope);
            var fields = state is IEnumerable<KeyValuePair<string, object?>> pairs ? pairs.ToList() : [];
            provider._entries.Enqueue(new LogEntry(category, logLevel, eventId, formatter(state, exception), scope, fields));
        }
    }
}
