namespace Dealer.Ucan.Validation;

/// <summary>Any string (ucanto <c>Schema.text()</c>).</summary>
internal sealed class TextSchema : Schema
{
    public static readonly TextSchema Instance = new();

    private protected override SchemaResult ReadCore(object? input, bool present) =>
        present && input is string ? SchemaResult.Ok(input) : TypeError("string", input, present);
}
