namespace Cellular.Router.Sync;

internal sealed partial class LastKnownGoodTable
{
    private static partial class Log
    {
        [LoggerMessage(EventIds.TableLoadedFromDisk, LogLevel.Information, "Loaded routing table version {version} from {file} ({tenants} tenants, {cells} cells); serving it until the control plane answers.")]
        public static partial void LoadedFromDisk(ILogger logger, long version, string file, int tenants, int cells);

        [LoggerMessage(EventIds.TableFileMissing, LogLevel.Information, "No routing table file at {file}; starting with an empty table until the control plane answers.")]
        public static partial void FileMissing(ILogger logger, string file);

        [LoggerMessage(EventIds.TableFileUnreadable, LogLevel.Error, "The routing table file {file} cannot be read: {reason}. Starting with an empty table.")]
        public static partial void FileUnreadable(ILogger logger, string file, string reason, Exception exception);

        [LoggerMessage(EventIds.TableFileRefused, LogLevel.Error, "The routing table file {file} is refused: {reason}. It was moved to {movedTo}; starting with an empty table until the control plane answers.")]
        public static partial void FileRefused(ILogger logger, string file, string reason, string movedTo, Exception exception);

        [LoggerMessage(EventIds.TableFileQuarantineFailed, LogLevel.Error, "The refused routing table file {file} could not be moved to {target}: {reason}.")]
        public static partial void MoveAsideFailed(ILogger logger, string file, string target, string reason, Exception exception);
    }
}
