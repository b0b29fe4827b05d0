namespace Dealer.Ucan.Validation;

/// <summary>A DID string with a required prefix (ucanto <c>Schema.did()</c>).</summary>
internal sealed class DidSchema(string prefix) : Schema
{
    public static readonly DidSchema Any = new("did:");

    private protected override SchemaResult ReadCore(object? input, bool present)
    {
        if (!present || input is not string text)
        {
            return TypeError("string", input, present);
        }

        return text.StartsWith(prefix, StringComparison.Ordinal)
            ? SchemaResult.Ok(text)
            : SchemaResult.Fail($"Expected a {prefix} but got \"{text}\" instead");
    }
}
