namespace Dealer.Ucan.Validation;

/// <summary>Accepts a missing value as absent; otherwise defers to the wrapped schema (ucanto <c>.optional()</c>).</summary>
internal sealed class OptionalSchema(Schema inner) : Schema
{
    private protected override SchemaResult ReadCore(object? input, bool present)
    {
        var result = present ? inner.Read(input) : inner.ReadMissing();
        return !result.IsOk && !present ? SchemaResult.Absent : result;
    }
}
