namespace Dealer.Store.Abstractions;

/// <summary>Delegations the operator has revoked, by CID.</summary>
public interface IRevocationStore
{
    /// <summary>Revokes the delegation with CID <paramref name="delegation"/>. Revoking twice is not an error.</summary>
    Task RevokeAsync(string delegation, string? reason, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>The first CID of <paramref name="delegations"/> that is revoked, or null when none is.</summary>
    Task<string?> FindRevokedAsync(IReadOnlyCollection<string> delegations, CancellationToken cancellationToken = default);
}
