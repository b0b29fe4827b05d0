using Dealer.Ucan.Delegations;
using Dealer.Ucan.Receipts;

namespace Dealer.Ucan.Server;

/// <summary>One invocation run by <see cref="UcanServer.RunAsync"/>, as told to <see cref="ServerOptions.OnRun"/>.</summary>
/// <param name="Invocation">The invocation.</param>
/// <param name="Receipt">The receipt the server answered with (<see cref="Receipts.Receipt.Out"/> holds ok or the error).</param>
/// <param name="Elapsed">How long the run took, signing and recording the receipt included.</param>
public readonly record struct InvocationRun(Delegation Invocation, Receipt Receipt, TimeSpan Elapsed);
