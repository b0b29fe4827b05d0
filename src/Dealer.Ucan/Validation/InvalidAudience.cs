using Dealer.Ucan.Delegations;
using Dealer.Ucan.Results;

namespace Dealer.Ucan.Validation;

/// <summary>
/// A UCAN addressed to the wrong principal (ucanto <c>InvalidAudience</c>): an invocation whose <c>aud</c> is not the
/// service, or a proof whose <c>aud</c> is not the issuer of the UCAN citing it (<c>PrincipalAlignmentError</c>).
/// </summary>
public sealed class InvalidAudience : Failure
{
    private InvalidAudience(string message, string? expected, string? actual)
        : base(message)
    {
        Expected = expected;
        Actual = actual;
    }

    /// <inheritdoc />
    public override string Name => "InvalidAudience";

    /// <summary>For a misaligned proof: the audience it should have had.</summary>
    public string? Expected { get; }

    /// <summary>For a misaligned proof: the audience it has.</summary>
    public string? Actual { get; }

    /// <summary>The server-side check: the invocation is addressed to <paramref name="actual"/>, not <paramref name="service"/>.</summary>
    public static InvalidAudience ForInvocation(string service, string actual) =>
        new($"Expected literal {JsText.Stringify(service)} instead got {JsText.Stringify(actual)}", null, null);

    /// <summary>A proof delegated to someone other than <paramref name="expected"/>, the issuer citing it.</summary>
    public static InvalidAudience Misaligned(string expected, Delegation proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        return Misaligned(expected, proof.Audience);
    }

    /// <summary>A proof delegated to <paramref name="actual"/> instead of <paramref name="expected"/>.</summary>
    public static InvalidAudience Misaligned(string expected, string actual) =>
        new($"Delegation audience is '{actual}' instead of '{expected}'", expected, actual);

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> ToIpld()
    {
        if (Expected is null)
        {
            return base.ToIpld();
        }

        var map = CreateIpld();
        map["audience"] = Expected;
        map["delegation"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["audience"] = Actual };
        return map;
    }
}
