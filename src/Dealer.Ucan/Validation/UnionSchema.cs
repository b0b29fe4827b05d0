namespace Dealer.Ucan.Validation;

/// <summary>The first variant that accepts the value (ucanto <c>Schema.union()</c>).</summary>
internal sealed class UnionSchema(IReadOnlyList<Schema> variants) : Schema
{
    private protected override SchemaResult ReadCore(object? input, bool present)
    {
        var causes = new List<string>(variants.Count);
        foreach (var variant in variants)
        {
            var result = present ? variant.Read(input) : variant.ReadMissing();
            if (result.IsOk)
            {
                return result;
            }

            causes.Add(JsText.Li(result.Error));
        }

        return SchemaResult.Fail(string.Join('\n', ["Value does not match any type of the union:", .. causes]));
    }
}
