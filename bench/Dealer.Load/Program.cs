using System.CommandLine;
using System.Diagnostics;
using Dealer.Load;
using Dealer.Store.Abstractions;
using Dealer.Store.Embedded;
using Dealer.Ucan.Filecoin;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Messages;
using Dealer.Ucan.Principals;

// dealer-load: whole-system HTTP load for the dealer (see bench/README.md).
//   generate    build N signed deal/offer requests and save them to a file
//   run         replay requests over keep-alive HTTP at a concurrency, check every receipt, print the figures
//   seed-deals  fill an embedded data directory with OFFERED deals and ledger verdicts (the cron benchmark)
var key = new Option<string?>("--key") { Description = "The dealer's private key, M… (env DEALER_PRIVATE_KEY)" };
var keyFile = new Option<string?>("--key-file") { Description = "A file holding the dealer's private key (e.g. <data-dir>/dealer.key)" };
var did = new Option<string?>("--did") { Description = "The dealer's did:web identity, when it has one" };
var count = new Option<int>("--count") { Description = "How many requests to build (default 1000)", DefaultValueFactory = _ => 1000 };
var pieces = new Option<int>("--pieces") { Description = "Pieces per aggregate (default 8; 23400 makes a 1 MiB request)", DefaultValueFactory = _ => 8 };
var ttl = new Option<int>("--ttl") { Description = "Seconds the invocations stay valid (default 86400)", DefaultValueFactory = _ => 86_400 };

var generate = new Command("generate", "Build distinct signed deal/offer requests and save them to a file");
var output = new Option<string>("--out") { Description = "The body file to write", Required = true };
foreach (var option in new Option[] { key, keyFile, did, count, pieces, ttl, output })
{
    generate.Options.Add(option);
}

generate.SetAction(result =>
{
    using var dealer = LoadKey(result.GetValue(key), result.GetValue(keyFile));
    var signer = Identity(dealer, result.GetValue(did));
    var clock = Stopwatch.StartNew();
    var bodies = OfferBodies.Generate(signer, signer.Did, result.GetValue(count), result.GetValue(pieces), TimeSpan.FromSeconds(result.GetValue(ttl)));
    OfferBodies.Save(result.GetRequiredValue(output), bodies);
    Console.Error.WriteLine($"generate: {bodies.Length} requests for {signer.Did}, mean {bodies.Average(b => b.Body.Length):0} bytes, in {clock.Elapsed.TotalSeconds:0.0} s");
    return 0;
});

var run = new Command("run", "Replay requests over keep-alive HTTP, check every receipt and print req/s, latency, server CPU and RSS");
var url = new Option<string>("--url") { Description = "The dealer's URL (loopback only)", Required = true };
var bodiesFile = new Option<string?>("--bodies") { Description = "A body file from `generate` (otherwise bodies are built from --key/--count/--pieces)" };
var dealerDid = new Option<string?>("--dealer-did") { Description = "The DID the receipts must be signed by (default: the key's, else the invocations' audience)" };
var concurrency = new Option<int>("--concurrency", "-c") { Description = "Requests in flight (default 32)", DefaultValueFactory = _ => 32 };
var duration = new Option<double>("--duration") { Description = "Seconds of timed load, at most 600 (default 30)", DefaultValueFactory = _ => 30 };
var requests = new Option<int>("--requests") { Description = "Timed requests at most (default: every body left after the warm-up)", DefaultValueFactory = _ => int.MaxValue };
var warmup = new Option<int>("--warmup") { Description = "Bodies sent before the timed phase (default 0)", DefaultValueFactory = _ => 0 };
var pid = new Option<int?>("--pid") { Description = "The server's process id, to read its CPU and RSS from /proc" };
var label = new Option<string?>("--label") { Description = "A name for this run in the output" };
var json = new Option<string?>("--json") { Description = "Append the report as one JSON line to this file" };
foreach (var option in new Option[] { url, bodiesFile, key, keyFile, did, dealerDid, count, pieces, ttl, concurrency, duration, requests, warmup, pid, label, json })
{
    run.Options.Add(option);
}

run.SetAction(async (result, cancellationToken) =>
{
    if (!Uri.TryCreate(result.GetRequiredValue(url), UriKind.Absolute, out var target) || !LoadRunner.IsLoopback(target))
    {
        Console.Error.WriteLine($"dealer-load: refusing --url {result.GetRequiredValue(url)}: only http URLs on loopback addresses are load-tested");
        return 2;
    }

    var seconds = result.GetValue(duration);
    var c = result.GetValue(concurrency);
    if (seconds is <= 0 or > 600 || c is < 1 or > 1024)
    {
        Console.Error.WriteLine("dealer-load: --duration must be in (0, 600] seconds and --concurrency in [1, 1024]");
        return 2;
    }

    OfferBody[] bodies;
    IVerifier? verifier = null;
    if (result.GetValue(bodiesFile) is { } file)
    {
        bodies = OfferBodies.Load(file);
    }
    else
    {
        using var dealer = LoadKey(result.GetValue(key), result.GetValue(keyFile));
        var signer = Identity(dealer, result.GetValue(did));
        bodies = OfferBodies.Generate(signer, signer.Did, result.GetValue(count), result.GetValue(pieces), TimeSpan.FromSeconds(result.GetValue(ttl)));
        verifier = result.GetValue(did) is { } web ? Verifiers.WithDid(dealer.Verifier, web) : dealer.Verifier;
    }

    var expectedDid = result.GetValue(dealerDid) ?? verifier?.Did ?? AgentMessage.FromCar(bodies[0].Body).Invocations[0].Audience;
    if (verifier is null || verifier.Did != expectedDid)
    {
        if (!Verifiers.TryParse(expectedDid, out verifier))
        {
            Console.Error.WriteLine($"dealer-load: cannot verify receipts of {expectedDid}; pass --key (and --did) for a did:web dealer");
            return 2;
        }
    }

    var settings = new LoadSettings(target, c, TimeSpan.FromSeconds(seconds), result.GetValue(requests), result.GetValue(warmup), result.GetValue(pid));
    var report = await LoadRunner.RunAsync(bodies, verifier, settings, Console.Error, cancellationToken) with { Label = result.GetValue(label) };
    Console.WriteLine(report.ToLine());
    if (result.GetValue(json) is { } path)
    {
        await File.AppendAllTextAsync(path, report.ToJson() + "\n", cancellationToken);
    }

    return report.Errors == 0 && report.Requests > 0 ? 0 : 1;
});

var seed = new Command("seed-deals", "Fill an embedded data directory with OFFERED deals, some of them decided in the ledger (the cron benchmark)");
var dataDir = new Option<string>("--data-dir") { Description = "The embedded data directory", Required = true };
var deals = new Option<int>("--deals") { Description = "OFFERED deals to insert (default 100000)", DefaultValueFactory = _ => 100_000 };
var decided = new Option<int>("--decided") { Description = "Of those, how many get an approval in the ledger (default 10000)", DefaultValueFactory = _ => 10_000 };
foreach (var option in new Option[] { dataDir, deals, decided })
{
    seed.Options.Add(option);
}

seed.SetAction(async (result, cancellationToken) =>
{
    var total = result.GetValue(deals);
    var approve = Math.Min(result.GetValue(decided), total);
    var clock = Stopwatch.StartNew();
    await using var stores = EmbeddedStores.Open(result.GetRequiredValue(dataDir));
    var now = DateTimeOffset.UtcNow;
    for (var i = 0; i < total; i++)
    {
        var root = new byte[PieceLink.RootLength];
        Random.Shared.NextBytes(root);
        root[^1] &= 0x3f;
        var aggregate = PieceLink.Create(0, OfferBodies.AggregateHeight, root).ToCid().ToString();
        var piecesLink = Block.Encode(new List<object?> { PieceLink.Create(0, 20, root).ToCid() }).Cid.ToString();
        await stores.Deals.InsertAsync(new DealRecord
        {
            Aggregate = aggregate,
            Storefront = "did:key:z6MkSeededStorefrontForTheCronBenchmark",
            Offer = stores.Offers.UriFor(aggregate).ToString(),
            PiecesLink = piecesLink,
            Tenant = "bench",
            Status = DealStatus.Offered,
            InsertedAt = now,
            UpdatedAt = now,
        }, cancellationToken);
        if (i < approve)
        {
            await stores.Ledger.RecordAsync(new DealVerdict(aggregate, true, 1_000_000 + i, "f01000", null, now), cancellationToken);
        }
    }
    Console.Error.WriteLine($"seed-deals: {total} OFFERED deals, {approve} approved in the ledger, in {clock.Elapsed.TotalSeconds:0.0} s");
    return 0;
});

var root = new RootCommand("dealer-load: whole-system HTTP load for the dealer (loopback only)");
root.Subcommands.Add(generate);
root.Subcommands.Add(run);
root.Subcommands.Add(seed);
return await root.Parse(args).InvokeAsync();

static Ed25519Signer LoadKey(string? key, string? keyFile)
{
    var text = key ?? (keyFile is not null ? File.ReadAllText(keyFile) : Environment.GetEnvironmentVariable("DEALER_PRIVATE_KEY"));
    return Ed25519Signer.Parse(text?.Trim() ?? throw new ArgumentException("The dealer's key is needed: --key, --key-file or DEALER_PRIVATE_KEY."));
}

static ISigner Identity(Ed25519Signer key, string? didWeb) => didWeb is null ? key : key.WithDid(didWeb);
