using System.Collections.Concurrent;
using Cellular.Cell.Faults;

namespace Cellular.Cell.Tests.Infrastructure;

/// <summary>Records crash requests instead of ending the test process.</summary>
internal sealed class FakeProcessTerminator : ICellProcessTerminator
{
    private readonly ConcurrentQueue<string> _reasons = new();

    public IReadOnlyCollection<string> Reasons => _reasons;

    public void Terminate(string reason) => _reasons.Enqueue(reason);
}
