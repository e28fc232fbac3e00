namespace Cellular.ControlPlane.Tests.Infrastructure;

/// <summary>Waits for something another thread makes true, polling briefly; fails the test after a generous limit.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? within = null)
    {
        var deadline = TimeProvider.System.GetUtcNow() + (within ?? TimeSpan.FromSeconds(15));
        while (!await condition())
        {
            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                Assert.Fail($"Timed out waiting for: {what}");
            }

            await Task.Delay(20);
        }
    }
}
