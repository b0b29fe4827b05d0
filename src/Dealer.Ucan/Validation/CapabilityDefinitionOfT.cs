using System.Diagnostics.CodeAnalysis;
using Dealer.Ucan.Results;
using Dealer.Ucan.Tokens;

namespace Dealer.Ucan.Validation;

/// <summary>
/// A capability with typed caveats (go-ucanto <c>NewCapability[Caveats]</c>): the <c>nb</c> schema checks the caveats,
/// then <paramref name="read"/> turns the checked map into <typeparamref name="TCaveats"/> once, for the handler; the
/// writer turns them back into the IPLD map an invocation carries.
/// </summary>
/// <typeparam name="TCaveats">The caveats type.</typeparam>
/// <param name="can">The exact ability.</param>
/// <param name="with">How to read <c>with</c>.</param>
/// <param name="nb">How to read <c>nb</c>; <paramref name="read"/> only sees maps this schema accepted.</param>
/// <param name="read">The checked <c>nb</c> map as <typeparamref name="TCaveats"/>.</param>
/// <param name="write">The IPLD <c>nb</c> map of <typeparamref name="TCaveats"/> (undefined fields left out).</param>
/// <param name="derives">See <see cref="CapabilityDefinition.Derives"/>.</param>
public class CapabilityDefinition<TCaveats>(
    string can,
    Schema with,
    StructSchema nb,
    Func<IReadOnlyDictionary<string, object?>, TCaveats> read,
    Func<TCaveats, IReadOnlyDictionary<string, object?>> write,
    Func<ParsedCapability, ParsedCapability, Failure?>? derives = null)
    : CapabilityDefinition(can, with, nb, derives)
{
    private readonly Func<IReadOnlyDictionary<string, object?>, TCaveats> _read = read ?? throw new ArgumentNullException(nameof(read));
    private readonly Func<TCaveats, IReadOnlyDictionary<string, object?>> _write = write ?? throw new ArgumentNullException(nameof(write));

    /// <summary>The typed caveats of <paramref name="nb"/>, a map the <c>nb</c> schema accepted.</summary>
    public TCaveats ReadCaveats(IReadOnlyDictionary<string, object?> nb)
    {
        ArgumentNullException.ThrowIfNull(nb);
        return _read(nb);
    }

    /// <summary>The IPLD <c>nb</c> map of <paramref name="caveats"/>.</summary>
    public IReadOnlyDictionary<string, object?> WriteCaveats(TCaveats caveats) => _write(caveats);

    /// <summary>This capability on <paramref name="with"/> with <paramref name="caveats"/>, as an invocation carries it.</summary>
    public Capability Create(string with, TCaveats caveats)
    {
        ArgumentException.ThrowIfNullOrEmpty(with);
        return new Capability(Can, with, _write(caveats));
    }
}

/// <summary>
/// A capability with typed caveats and a typed ok value: what its invocations answer on success, written into the
/// receipt's <c>out.ok</c> by <see cref="WriteOk"/> and read back from a receipt by <see cref="TryReadOk"/> (go-ucanto's
/// <c>O</c> of <c>HandlerFunc[C, O, X]</c>, declared with the capability).
/// </summary>
/// <typeparam name="TCaveats">The caveats type.</typeparam>
/// <typeparam name="TOk">The ok type.</typeparam>
/// <param name="can">The exact ability.</param>
/// <param name="with">How to read <c>with</c>.</param>
/// <param name="nb">How to read <c>nb</c>.</param>
/// <param name="read">The checked <c>nb</c> map as <typeparamref name="TCaveats"/>.</param>
/// <param name="write">The IPLD <c>nb</c> map of <typeparamref name="TCaveats"/>.</param>
/// <param name="writeOk">The IPLD form of an ok value.</param>
/// <param name="readOk">The ok value of an IPLD <c>out.ok</c>, or null when it does not have the ok shape.</param>
/// <param name="derives">See <see cref="CapabilityDefinition.Derives"/>.</param>
public sealed class CapabilityDefinition<TCaveats, TOk>(
    string can,
    Schema with,
    StructSchema nb,
    Func<IReadOnlyDictionary<string, object?>, TCaveats> read,
    Func<TCaveats, IReadOnlyDictionary<string, object?>> write,
    Func<TOk, object?> writeOk,
    Func<object?, TOk?> readOk,
    Func<ParsedCapability, ParsedCapability, Failure?>? derives = null)
    : CapabilityDefinition<TCaveats>(can, with, nb, read, write, derives)
    where TOk : class
{
    private readonly Func<TOk, object?> _writeOk = writeOk ?? throw new ArgumentNullException(nameof(writeOk));
    private readonly Func<object?, TOk?> _readOk = readOk ?? throw new ArgumentNullException(nameof(readOk));

    /// <summary>The IPLD form of <paramref name="ok"/>, as a receipt carries it in <c>out.ok</c>.</summary>
    public object? WriteOk(TOk ok)
    {
        ArgumentNullException.ThrowIfNull(ok);
        return _writeOk(ok);
    }

    /// <summary>The ok value of <paramref name="result"/>; false for an error or an ok of another shape.</summary>
    public bool TryReadOk(Result result, [NotNullWhen(true)] out TOk? ok)
    {
        ArgumentNullException.ThrowIfNull(result);
        ok = result.IsOk ? _readOk(result.Ok) : null;
        return ok is not null;
    }
}
