namespace Cellular.Simulation;

/// <summary>The migration is no longer at the step this run recorded: the run stops, a later one resumes from the store.</summary>
internal sealed class StaleStepException(string message) : Exception(message);
