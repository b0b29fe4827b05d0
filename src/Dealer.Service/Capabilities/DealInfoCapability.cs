using Dealer.Ucan.Results;
using Dealer.Ucan.Validation;

namespace Dealer.Service.Capabilities;

/// <summary>
/// <c>deal/info</c> as @storacha/capabilities defines it (<c>filecoin/deal-tracker.js</c>): <c>with</c> a DID,
/// <c>nb {piece: PieceLink}</c> (here an aggregate the dealer was offered); a delegation covers an invocation when
/// <c>with</c> is equal and the piece it sets, if any, is equal. The dealer serves it so that a storefront can point its
/// deal-tracker connection at the dealer.
/// </summary>
public static class DealInfoCapability
{
    /// <summary>The ability.</summary>
    public const string Ability = "deal/info";

    /// <summary>The <c>nb</c> field naming the aggregate.</summary>
    public const string PieceField = "piece";

    /// <summary><c>deal/info</c>.</summary>
    public static CapabilityDefinition Info { get; } = new(Ability, Schema.Did(), Schema.Struct(
        (PieceField, Schema.PieceLink())), Derives);

    private static Failure? Derives(ParsedCapability claimed, ParsedCapability delegated) =>
        Derive.EqualWith(claimed, delegated) ?? Derive.EqualLink(claimed, delegated, PieceField);
}
