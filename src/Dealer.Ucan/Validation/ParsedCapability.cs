namespace Dealer.Ucan.Validation;

/// <summary>
/// A capability after its <c>with</c> and <c>nb</c> were read through a <see cref="CapabilityDefinition"/>'s schemas
/// (for a proof: after <c>can</c>/<c>with</c> patterns were resolved against the claim and <c>nb</c> was merged).
/// </summary>
/// <param name="Can">The ability, e.g. <c>deal/offer</c>.</param>
/// <param name="With">The resource, e.g. the dealer DID.</param>
/// <param name="Nb">The caveats as read: declared fields in declaration order, then undeclared keys.</param>
public sealed record ParsedCapability(string Can, string With, IReadOnlyDictionary<string, object?> Nb)
{
    /// <summary>
    /// The ucanto <c>Match.toString()</c> form used in messages: <c>{"can":…,"with":…,"nb":{…}}</c>, <c>nb</c> left out
    /// when empty.
    /// </summary>
    public override string ToString()
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal) { ["can"] = Can, ["with"] = With };
        if (Nb.Count > 0)
        {
            map["nb"] = Nb;
        }

        return JsText.Stringify(map);
    }
}
