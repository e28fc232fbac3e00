using Cellular.Router.Containment;
using Cellular.Router.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Cellular.Router.Tests.Infrastructure;

/// <summary>Builds the <see cref="CellGuards"/> a <c>RoutingTableHolder</c> needs in unit tests.</summary>
internal static class Guards
{
    public static CellGuards Create(RouterOptions? options = null, TimeProvider? time = null)
    {
        var wrapped = Options.Create(options ?? new RouterOptions());
        time ??= TimeProvider.System;
        return new CellGuards(wrapped, time, new StatsRecorder(wrapped, time), NullLoggerFactory.Instance);
    }
}
