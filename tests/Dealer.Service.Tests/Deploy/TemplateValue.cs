namespace Dealer.Service.Tests.Deploy;

/// <summary>
/// A value the template gives a process, as written: <see cref="Expression"/> is a literal or <c>!Ref NAME</c>;
/// <see cref="FromSecret"/> means the process gets the string of the Secrets Manager secret that expression names;
/// with a <see cref="Condition"/>, the process gets the value only when that condition holds.
/// </summary>
internal sealed record TemplateValue(string Expression, string? Condition = null, bool FromSecret = false)
{
    private const string RefPrefix = "!Ref ";

    /// <summary>What the process sees for <paramref name="parameters"/> (with <c>AWS::Region</c>) and the stored <paramref name="secrets"/>; null when the condition does not hold.</summary>
    public string? Evaluate(IReadOnlyDictionary<string, string> parameters, IReadOnlyDictionary<string, bool> conditions,
        IReadOnlyDictionary<string, string> secrets)
    {
        if (Condition is not null && !conditions[Condition])
        {
            return null;
        }

        var value = Expression.StartsWith(RefPrefix, StringComparison.Ordinal)
            ? parameters[Expression[RefPrefix.Length..]]
            : Expression.StartsWith('!') ? throw new FormatException($"Unsupported value: {Expression}") : Expression;
        return FromSecret ? secrets[value] : value;
    }
}
