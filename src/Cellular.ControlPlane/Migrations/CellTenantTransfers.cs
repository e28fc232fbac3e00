using Cellular.Core.Api;

namespace Cellular.ControlPlane.Migrations;

/// <summary>A snapshot streamed from the source's export into the target's import.</summary>
/// <param name="Bytes">Bytes of the snapshot.</param>
/// <param name="Target">The tenant on the target after the import.</param>
internal sealed record SnapshotCopy(long Bytes, CellTenantView Target);

/// <summary>A change page read from the source, with its body exactly as received (it is applied on the target unchanged).</summary>
/// <param name="Page">The page.</param>
/// <param name="Body">Its JSON.</param>
internal sealed record ChangePageRead(TenantChangePage Page, byte[] Body);
