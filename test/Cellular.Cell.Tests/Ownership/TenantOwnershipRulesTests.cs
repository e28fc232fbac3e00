using Cellular.Cell.Ownership;
using Cellular.Core.Api;

namespace Cellular.Cell.Tests.Ownership;

public sealed class TenantOwnershipRulesTests
{
    private static readonly TenantOwnership Serving5 = new(TenantOwnershipState.Serving, 5);
    private static readonly TenantOwnership Fenced6 = new(TenantOwnershipState.Fenced, 6);
    private static readonly TenantOwnership Moved6 = new(TenantOwnershipState.Moved, 6, "c2");

    [Theory]
    [InlineData(null, true)]
    [InlineData(4L, false)]
    [InlineData(5L, true)]
    [InlineData(9L, true)]
    public void Refusal_Serving_RefusesOnlyLowerEpochs(long? epoch, bool served) =>
        Assert.Equal(served, TenantOwnershipRules.Refusal("t", Serving5, epoch) is null);

    [Fact]
    public void Refusal_FencedOrMoved_RefusesEveryEpoch()
    {
        Assert.NotNull(TenantOwnershipRules.Refusal("t", Fenced6, 7));
        Assert.Contains("c2", TenantOwnershipRules.Refusal("t", Moved6, 7), StringComparison.Ordinal);
    }

    [Fact]
    public void Refusal_Unrecorded_ServesAnyEpoch() =>
        Assert.Null(TenantOwnershipRules.Refusal("t", TenantOwnership.Unrecorded, 0));

    [Fact]
    public void Fence_Serving_NeedsGreaterEpoch()
    {
        Assert.Equal(Fenced6, TenantOwnershipRules.Fence("t", Serving5, 6));
        Assert.Throws<TenantOwnershipConflictException>(() => TenantOwnershipRules.Fence("t", Serving5, 5));
    }

    [Fact]
    public void Fence_Fenced_IsIdempotentAndRefusesOlderEpoch()
    {
        Assert.Equal(Fenced6, TenantOwnershipRules.Fence("t", Fenced6, 6));
        Assert.Equal(new TenantOwnership(TenantOwnershipState.Fenced, 8), TenantOwnershipRules.Fence("t", Fenced6, 8));
        Assert.Throws<TenantOwnershipConflictException>(() => TenantOwnershipRules.Fence("t", Fenced6, 5));
    }

    [Fact]
    public void Fence_MovedAway_AllowsMovingBackWithNewerEpoch()
    {
        Assert.Equal(new TenantOwnership(TenantOwnershipState.Fenced, 7), TenantOwnershipRules.Fence("t", Moved6, 7));
        Assert.Throws<TenantOwnershipConflictException>(() => TenantOwnershipRules.Fence("t", Moved6, 6));
    }

    [Fact]
    public void Unfence_KeepsTheFenceEpochAndCannotUndoAMove()
    {
        Assert.Equal(new TenantOwnership(TenantOwnershipState.Serving, 6), TenantOwnershipRules.Unfence("t", Fenced6));
        Assert.Equal(Serving5, TenantOwnershipRules.Unfence("t", Serving5));
        Assert.Throws<TenantOwnershipConflictException>(() => TenantOwnershipRules.Unfence("t", Moved6));
    }

    [Fact]
    public void Unfence_AtAnEpoch_LiftsOnlyThatFence()
    {
        Assert.Equal(new TenantOwnership(TenantOwnershipState.Serving, 6), TenantOwnershipRules.Unfence("t", Fenced6, 6));
        var newer = Assert.Throws<TenantOwnershipConflictException>(() => TenantOwnershipRules.Unfence("t", Fenced6, 5));
        Assert.Contains("fenced at epoch 6", newer.Message, StringComparison.Ordinal);
        Assert.Equal(Serving5, TenantOwnershipRules.Unfence("t", Serving5, 4));
        Assert.Throws<TenantOwnershipConflictException>(() => TenantOwnershipRules.Unfence("t", Moved6, 6));
    }

    [Fact]
    public void Activate_AtLeastRecordedEpoch_ServesButNotAfterAMove()
    {
        Assert.Equal(new TenantOwnership(TenantOwnershipState.Serving, 6), TenantOwnershipRules.Activate("t", Fenced6, 6));
        Assert.Equal(new TenantOwnership(TenantOwnershipState.Serving, 9), TenantOwnershipRules.Activate("t", Serving5, 9));
        Assert.Throws<TenantOwnershipConflictException>(() => TenantOwnershipRules.Activate("t", Fenced6, 5));
        Assert.Throws<TenantOwnershipConflictException>(() => TenantOwnershipRules.Activate("t", Moved6, 9));
    }

    [Fact]
    public void Moved_NeedsFenceFirstAndIsIdempotent()
    {
        Assert.Equal(Moved6, TenantOwnershipRules.Moved("t", Fenced6, "c2", 6));
        Assert.Equal(Moved6, TenantOwnershipRules.Moved("t", Moved6, "c2", 6));
        Assert.Throws<TenantOwnershipConflictException>(() => TenantOwnershipRules.Moved("t", Serving5, "c2", 6));
        Assert.Throws<TenantOwnershipConflictException>(() => TenantOwnershipRules.Moved("t", Moved6, "c3", 6));
        Assert.Throws<TenantOwnershipConflictException>(() => TenantOwnershipRules.Moved("t", Fenced6, "c2", 5));
    }

    [Fact]
    public void EnsureOwned_StaleEpoch_ThrowsMisdirectedWithTheRecord()
    {
        var e = Assert.Throws<TenantMisdirectedException>(() => TenantOwnershipGuard.EnsureOwned("t", 4, Serving5));

        Assert.Equal("t", e.Tenant);
        Assert.Equal(Serving5, e.Ownership);
    }
}
