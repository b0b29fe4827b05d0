using Dealer.Ucan.Client;
using Dealer.Ucan.Delegations;
using Dealer.Ucan.Messages;
using Dealer.Ucan.Receipts;
using Dealer.Ucan.Server;

namespace Dealer.Ucan.Tests.Server;

/// <summary>Helpers to push invocations through a real <see cref="UcanServer"/> and read the receipts back.</summary>
internal static class ServerHarness
{
    public static ServerOptions Options(ReferenceDealerService? service = null, FixedClock? clock = null) =>
        new(TestPrincipals.DealerSigner, (service ?? new ReferenceDealerService()).Methods) { Clock = clock ?? new FixedClock() };

    public static async Task<ServerResponse> PostAsync(UcanServer server, params Delegation[] invocations) =>
        await server.HandleAsync(UcanClient.ToRequest(invocations), CancellationToken.None);

    public static async Task<Receipt> ReceiptAsync(UcanServer server, Delegation invocation)
    {
        var response = await PostAsync(server, invocation);
        Assert.That(response.Status, Is.EqualTo(200), () => System.Text.Encoding.UTF8.GetString(response.Body));
        return AgentMessage.FromCar(response.Body).Receipts[invocation.Cid];
    }

    public static IReadOnlyDictionary<string, object?> Error(Receipt receipt)
    {
        Assert.That(receipt.Out.IsError, Is.True, "expected an error receipt");
        return (IReadOnlyDictionary<string, object?>)receipt.Out.Error!;
    }
}
