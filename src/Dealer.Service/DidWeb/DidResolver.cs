using Dealer.Service.Configuration;
using Dealer.Ucan.Validation;

namespace Dealer.Service.DidWeb;

/// <summary>
/// The dealer's ucanto <c>resolveDIDKey</c>: the operator's <c>--resolve</c> table first, then, for a did:web it does
/// not map and when web resolution is on, the DID's own document (<see cref="DidWebResolver"/>).
/// </summary>
internal sealed class DidResolver
{
    private readonly DidKeyMapping _mapping;
    private readonly DidWebResolver? _web;

    /// <summary>Creates the resolver; <paramref name="web"/> null turns web resolution off.</summary>
    public DidResolver(DidKeyMapping mapping, DidWebResolver? web)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        _mapping = mapping;
        _web = web;
    }

    /// <summary>The did:key DIDs that sign for <paramref name="did"/>, or why none are known.</summary>
    public ValueTask<DidKeyResolution> ResolveAsync(string did, CancellationToken cancellationToken) =>
        _mapping.KeysFor(did).Count > 0 || _web is null || !did.StartsWith("did:web:", StringComparison.Ordinal)
            ? _mapping.ResolveAsync(did, cancellationToken)
            : _web.ResolveAsync(did, cancellationToken);
}
