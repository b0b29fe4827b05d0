using System.Diagnostics.CodeAnalysis;

namespace Dealer.Ucan.Validation;

/// <summary>
/// What reading a value through a <see cref="Schema"/> gave: the value (possibly absent, for an optional field that is
/// missing) or the reason it was rejected, worded like the @ucanto/core schema errors.
/// </summary>
public sealed class SchemaResult
{
    private SchemaResult(bool isOk, bool isAbsent, object? value, string? error)
    {
        IsOk = isOk;
        IsAbsent = isAbsent;
        Value = value;
        Error = error;
    }

    /// <summary>Whether the value was accepted.</summary>
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsOk { get; }

    /// <summary>Whether the accepted value is "undefined": an optional field that was not present.</summary>
    public bool IsAbsent { get; }

    /// <summary>The accepted value (after reading, e.g. a struct keeps only readable fields).</summary>
    public object? Value { get; }

    /// <summary>The rejection message, e.g. <c>Expected link to be CID with 0x55 codec</c>.</summary>
    public string? Error { get; }

    /// <summary>An accepted value.</summary>
    public static SchemaResult Ok(object? value) => new(true, false, value, null);

    /// <summary>An accepted absent value.</summary>
    public static SchemaResult Absent { get; } = new(true, true, null, null);

    /// <summary>A rejection.</summary>
    public static SchemaResult Fail(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new(false, false, null, message);
    }
}
