using Dealer.Ucan.Results;

namespace Dealer.Ucan.Validation;

/// <summary>
/// A capability a service understands (ucanto <c>capability({can, with, nb, derives})</c>): the exact ability, how to
/// read <c>with</c> and <c>nb</c>, and when a delegated capability covers a claimed one. The validator works with this
/// untyped form (caveats as the maps the schema reads); <see cref="CapabilityDefinition{TCaveats}"/> adds the typed
/// caveats a handler is given.
/// </summary>
public class CapabilityDefinition
{
    /// <summary>Defines a capability.</summary>
    /// <param name="can">The exact ability, e.g. <c>deal/offer</c>.</param>
    /// <param name="with">How to read <c>with</c>; default <see cref="Schema.Did"/>.</param>
    /// <param name="nb">How to read <c>nb</c>; default an empty struct (any caveats are kept as they are).</param>
    /// <param name="derives">
    /// Whether <c>claimed</c> (first argument) can be derived from <c>delegated</c> (second): <see langword="null"/> when
    /// it can, otherwise the reason. Default: <see cref="Derive.EqualWith"/>, then every field of the delegated
    /// <c>nb</c> must equal the claimed one (<see cref="Derive.Equal"/>).
    /// </param>
    public CapabilityDefinition(
        string can,
        Schema? with = null,
        StructSchema? nb = null,
        Func<ParsedCapability, ParsedCapability, Failure?>? derives = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(can);
        if (can == "*" || !can.Contains('/', StringComparison.Ordinal) || can.EndsWith("/*", StringComparison.Ordinal))
        {
            throw new ArgumentException($"\"{can}\" is not a concrete ability such as \"deal/offer\".", nameof(can));
        }

        Can = can;
        With = with ?? Schema.Did();
        Nb = nb ?? Schema.Struct();
        Derives = derives ?? DefaultDerives;
    }

    /// <summary>The exact ability.</summary>
    public string Can { get; }

    /// <summary>The <c>with</c> schema.</summary>
    public Schema With { get; }

    /// <summary>The <c>nb</c> schema.</summary>
    public StructSchema Nb { get; }

    /// <summary>The derivation rule (see the constructor).</summary>
    public Func<ParsedCapability, ParsedCapability, Failure?> Derives { get; }

    /// <summary>The ucanto <c>toString()</c> of the definition, <c>{"can":"deal/offer"}</c>.</summary>
    public override string ToString() => "{\"can\":" + JsText.Stringify(Can) + "}";

    private static Failure? DefaultDerives(ParsedCapability claimed, ParsedCapability delegated)
    {
        var failure = Derive.EqualWith(claimed, delegated);
        if (failure is not null)
        {
            return failure;
        }

        foreach (var name in delegated.Nb.Keys)
        {
            failure = Derive.Equal(claimed, delegated, name);
            if (failure is not null)
            {
                return failure;
            }
        }

        return null;
    }
}
