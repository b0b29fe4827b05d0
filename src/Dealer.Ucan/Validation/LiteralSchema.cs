namespace Dealer.Ucan.Validation;

/// <summary>Exactly one string (ucanto <c>Schema.literal()</c>).</summary>
internal sealed class LiteralSchema(string expected) : Schema
{
    private protected override SchemaResult ReadCore(object? input, bool present) =>
        present && input is string text && string.Equals(text, expected, StringComparison.Ordinal)
            ? SchemaResult.Ok(text)
            : SchemaResult.Fail($"Expected literal {JsText.Stringify(expected)} instead got {(present ? JsText.Describe(input) : JsText.Undefined)}");
}
