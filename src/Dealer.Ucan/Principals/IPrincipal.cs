namespace Dealer.Ucan.Principals;

/// <summary>Anything identified by a DID: a key, a service, an agent.</summary>
public interface IPrincipal
{
    /// <summary>The principal's DID, e.g. <c>did:key:z6Mk…</c> or <c>did:web:dealer.example.com</c>.</summary>
    string Did { get; }
}
