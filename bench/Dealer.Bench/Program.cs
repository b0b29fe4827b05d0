using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// Run with: dotnet run -c Release --project bench/Dealer.Bench -- --filter '*Aggregate*' (or '*Dispatch*')
// Results go under $ArtifactsPath/benchmarks when ArtifactsPath is set, so concurrent builds do not collide.
var config = DefaultConfig.Instance;
var artifacts = Environment.GetEnvironmentVariable("ArtifactsPath");
if (!string.IsNullOrEmpty(artifacts))
{
    config = config.WithArtifactsPath(Path.Combine(artifacts, "benchmarks"));
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
