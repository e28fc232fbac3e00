namespace Cellular.Router.Routing;

/// <summary>What <see cref="RoutingTableHolder.Apply"/> did with a table.</summary>
internal enum ApplyResult
{
    /// <summary>The table is newer and is now in use.</summary>
    Applied,

    /// <summary>The table has the version already in use; only its source was updated.</summary>
    Unchanged,

    /// <summary>The table is older than the one in use and was ignored: versions never go backwards.</summary>
    Older,
}
