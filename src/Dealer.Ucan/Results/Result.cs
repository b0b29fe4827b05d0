namespace Dealer.Ucan.Results;

/// <summary>
/// A receipt outcome: <c>{"ok": value}</c> or <c>{"error": value}</c>, exactly one of the two, holding IPLD data.
/// </summary>
public sealed class Result
{
    private Result(bool isOk, object? value)
    {
        IsOk = isOk;
        Value = value;
    }

    /// <summary>Whether this is the <c>ok</c> branch.</summary>
    public bool IsOk { get; }

    /// <summary>Whether this is the <c>error</c> branch.</summary>
    public bool IsError => !IsOk;

    /// <summary>The <c>ok</c> value, or <see langword="null"/> for an error.</summary>
    public object? Ok => IsOk ? Value : null;

    /// <summary>The <c>error</c> value, or <see langword="null"/> for success.</summary>
    public object? Error => IsOk ? null : Value;

    /// <summary>The value of whichever branch this is.</summary>
    public object? Value { get; }

    /// <summary>The <c>name</c> of an error value that is a map with a string <c>name</c> (the usual Failure shape).</summary>
    public string? ErrorName =>
        !IsOk && Value is IReadOnlyDictionary<string, object?> map && map.TryGetValue("name", out var name) ? name as string : null;

    /// <summary>The <c>message</c> of an error value that is a map with a string <c>message</c> (the usual Failure shape).</summary>
    public string? ErrorMessage =>
        !IsOk && Value is IReadOnlyDictionary<string, object?> map && map.TryGetValue("message", out var message) ? message as string : null;

    /// <summary>A success carrying <paramref name="value"/> (IPLD data, typically a map).</summary>
    public static Result Success(object? value) => new(true, value);

    /// <summary>A failure carrying <paramref name="value"/> (IPLD data).</summary>
    public static Result Err(object? value) => new(false, value);

    /// <summary>A failure carrying <paramref name="failure"/>'s IPLD form.</summary>
    public static Result Err(Failure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return new(false, failure.ToIpld());
    }

    /// <summary>The IPLD form <c>{"ok": …}</c> or <c>{"error": …}</c>.</summary>
    public IReadOnlyDictionary<string, object?> ToIpld() =>
        new Dictionary<string, object?>(StringComparer.Ordinal) { [IsOk ? "ok" : "error"] = Value };

    /// <summary>Reads a result map; exactly one of <c>ok</c>/<c>error</c> must be present.</summary>
    /// <exception cref="FormatException">The value is not such a map.</exception>
    public static Result FromIpld(object? value)
    {
        if (value is not IReadOnlyDictionary<string, object?> map || map.Count != 1)
        {
            throw new FormatException("A result must be a map with exactly one key, 'ok' or 'error'.");
        }

        if (map.TryGetValue("ok", out var ok))
        {
            return Success(ok);
        }

        return map.TryGetValue("error", out var error)
            ? Err(error)
            : throw new FormatException("A result must be a map with exactly one key, 'ok' or 'error'.");
    }
}
