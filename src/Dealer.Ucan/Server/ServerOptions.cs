using Dealer.Ucan.Delegations;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Messages;
using Dealer.Ucan.Principals;
using Dealer.Ucan.Transport;
using Dealer.Ucan.Validation;

namespace Dealer.Ucan.Server;

/// <summary>Settings of a <see cref="UcanServer"/> (ucanto <c>ServerOptions</c>).</summary>
/// <param name="Id">The service signer: invocations must be addressed to its DID, receipts are signed with it and UCANs
/// it issued verify with its key (use <see cref="ISigner.WithDid"/> for a did:web service).</param>
/// <param name="Methods">The capabilities provided.</param>
public sealed record ServerOptions(ISigner Id, IReadOnlyList<ServiceMethod> Methods)
{
    /// <summary>The clock for UCAN time bounds and handlers.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>See <see cref="ValidationOptions.ResolveDidKey"/>.</summary>
    public Func<string, CancellationToken, ValueTask<DidKeyResolution>>? ResolveDidKey { get; init; }

    /// <summary>See <see cref="ValidationOptions.ResolveProof"/>.</summary>
    public Func<Cid, CancellationToken, ValueTask<Delegation?>>? ResolveProof { get; init; }

    /// <summary>See <see cref="ValidationOptions.ValidateAuthorization"/> (the revocation hook).</summary>
    public Func<Authorization, CancellationToken, ValueTask<AuthorizationCheck>>? ValidateAuthorization { get; init; }

    /// <summary>See <see cref="ValidationOptions.Proofs"/>.</summary>
    public IReadOnlyList<Delegation> Proofs { get; init; } = [];

    /// <summary>See <see cref="ValidationOptions.MaxChainDepth"/>.</summary>
    public int MaxChainDepth { get; init; } = ValidationOptions.DefaultMaxChainDepth;

    /// <summary>See <see cref="ValidationOptions.MaxProofs"/>.</summary>
    public int MaxProofs { get; init; } = ValidationOptions.DefaultMaxProofs;

    /// <summary>Stored receipts: replayed when successful, and every new receipt is recorded.</summary>
    public IReceiptLog? Receipts { get; init; }

    /// <summary>Told about handler exceptions and receipt-log failures (which never change the response).</summary>
    public Action<Exception>? OnError { get; init; }

    /// <summary>
    /// Told once per invocation run by <see cref="UcanServer.RunAsync"/> (stored replays included) with the receipt
    /// it answers with and how long the run took, for metrics and request logs. It runs on the request path: keep it
    /// cheap. An exception it throws goes to <see cref="OnError"/> and never changes the response.
    /// </summary>
    public Action<InvocationRun>? OnRun { get; init; }

    /// <summary>Limits for reading the request CAR; <see cref="CarLimits.Default"/> when null.</summary>
    public CarLimits? CarLimits { get; init; }

    /// <summary>The most distinct invocations one request may carry (at most <see cref="AgentMessage.MaxInvocations"/>).</summary>
    public int MaxInvocationsPerMessage { get; init; } = AgentMessage.MaxInvocations;
}
