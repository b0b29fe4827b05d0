namespace Dealer.Ucan.Results;

/// <summary>
/// An expected failure, carried as a value (the <c>error</c> side of a <see cref="Result"/>) and serialised into
/// receipts like ucanto's <c>Failure.toJSON()</c>.
/// </summary>
/// <remarks>
/// The wire shape is <c>{"name", "message", "stack"}</c> plus whatever a subclass adds (BRIEF §6). JavaScript puts a
/// V8 stack trace in <c>stack</c>; we write <c>"&lt;name&gt;: &lt;message&gt;"</c>, which is exactly what the reference
/// vectors contain (<c>Error.stackTraceLimit = 0</c>), so our error receipts have the same shape as theirs and leak no
/// server internals. Clients branch on <c>name</c>.
/// </remarks>
public abstract class Failure
{
    /// <summary>Creates a failure with <paramref name="message"/>.</summary>
    protected Failure(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Message = message;
    }

    /// <summary>The JavaScript wire name, e.g. <c>Unauthorized</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The human-readable message.</summary>
    public string Message { get; }

    /// <summary>The <c>stack</c> value we write: <c>"Name: message"</c>.</summary>
    public string Stack => $"{Name}: {Message}";

    /// <summary>The IPLD form written into a receipt's <c>out.error</c>.</summary>
    public virtual IReadOnlyDictionary<string, object?> ToIpld() => CreateIpld();

    /// <inheritdoc />
    public override string ToString() => Stack;

    /// <summary>A fresh <c>{name, message, stack}</c> map that subclasses extend in <see cref="ToIpld"/>.</summary>
    protected Dictionary<string, object?> CreateIpld() => new(StringComparer.Ordinal)
    {
        ["name"] = Name,
        ["message"] = Message,
        ["stack"] = Stack,
    };
}
