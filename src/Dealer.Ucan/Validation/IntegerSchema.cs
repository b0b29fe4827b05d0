using System.Numerics;

namespace Dealer.Ucan.Validation;

/// <summary>An integer (ucanto <c>Schema.integer()</c>); floats with a fraction are rejected.</summary>
internal sealed class IntegerSchema : Schema
{
    public static readonly IntegerSchema Instance = new();

    private protected override SchemaResult ReadCore(object? input, bool present) => input switch
    {
        long or BigInteger when present => SchemaResult.Ok(input),
        int i when present => SchemaResult.Ok((long)i),
        double d when present => TypeError("integer", d, present),
        _ => TypeError("number", input, present),
    };
}
