using System.Diagnostics.CodeAnalysis;
using Dealer.Ucan.Results;

namespace Dealer.Ucan.Validation;

/// <summary>
/// The answer of a <see cref="ValidationOptions.ResolveDidKey"/> hook: the did:key DIDs that may sign for a DID
/// (tried in turn), or why none could be found.
/// </summary>
public sealed class DidKeyResolution
{
    private DidKeyResolution(IReadOnlyList<string>? keys, Failure? error)
    {
        Keys = keys;
        Error = error;
    }

    /// <summary>The did:key DIDs, when resolved.</summary>
    public IReadOnlyList<string>? Keys { get; }

    /// <summary>The failure, when not resolved.</summary>
    public Failure? Error { get; }

    /// <summary>Whether keys were found.</summary>
    [MemberNotNullWhen(true, nameof(Keys))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsOk => Keys is not null;

    /// <summary>Resolved to <paramref name="keys"/> (did:key DIDs).</summary>
    public static DidKeyResolution Ok(IReadOnlyList<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return new([.. keys], null);
    }

    /// <summary>Not resolved; typically a <see cref="DidKeyResolutionError"/>.</summary>
    public static DidKeyResolution Fail(Failure error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(null, error);
    }
}
