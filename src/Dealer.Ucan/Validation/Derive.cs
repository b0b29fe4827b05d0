using Dealer.Ucan.Ipld;
using Dealer.Ucan.Results;

namespace Dealer.Ucan.Validation;

/// <summary>
/// Derivation checks in the style of w3up <c>packages/capabilities/src/utils.js</c> (<c>equalWith</c>, <c>equal</c>,
/// <c>checkLink</c>), with the same failure messages. Compose them in a <see cref="CapabilityDefinition"/>'s derives.
/// </summary>
public static class Derive
{
    /// <summary>The resources must be identical (no <c>did:key:*</c>-style prefixes).</summary>
    public static Failure? EqualWith(ParsedCapability claimed, ParsedCapability delegated)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        ArgumentNullException.ThrowIfNull(delegated);
        return string.Equals(claimed.With, delegated.With, StringComparison.Ordinal)
            ? null
            : new ConstraintViolation($"Can not derive {claimed.Can} with {claimed.With} from {delegated.With}");
    }

    /// <summary>
    /// <c>nb.<paramref name="name"/></c> must be the same in both, unless the delegated value is absent or <c>"*"</c>;
    /// values are compared as JavaScript strings, as w3up's <c>equal</c> does.
    /// </summary>
    public static Failure? Equal(ParsedCapability claimed, ParsedCapability delegated, string name)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        ArgumentNullException.ThrowIfNull(delegated);
        ArgumentNullException.ThrowIfNull(name);
        if (!delegated.Nb.TryGetValue(name, out var imposed) || imposed is "*")
        {
            return null;
        }

        var child = claimed.Nb.TryGetValue(name, out var value) ? Text(value) : JsText.Undefined;
        var parent = Text(imposed);
        return string.Equals(child, parent, StringComparison.Ordinal)
            ? null
            : new ConstraintViolation($"Constrain violation: {child} violates imposed nb.{name} constraint {parent}");
    }

    /// <summary>
    /// <c>nb.<paramref name="name"/></c> links must be the same CID unless the delegated one is absent (w3up
    /// <c>checkLink</c>).
    /// </summary>
    public static Failure? EqualLink(ParsedCapability claimed, ParsedCapability delegated, string name) =>
        Equal(claimed, delegated, name);

    // Maps and lists stringify as "[object Object]"/joined items in JavaScript, which would make unequal values look
    // equal; compare their JSON form instead so a structured caveat is only met by an identical one.
    private static string Text(object? value) => value switch
    {
        Cid cid => cid.ToString(),
        IReadOnlyDictionary<string, object?> or IEnumerable<object?> when value is not string => JsText.Stringify(value, dagCborOrder: true),
        _ => JsText.Interpolate(value),
    };
}
