using System.Reflection;
using ArchUnitNET.Loader;
using Dealer.Store.Abstractions;
using Dealer.Ucan.Ipld;

namespace Dealer.Architecture.Tests;

/// <summary>
/// The three dealer assemblies as ArchUnitNET reads them, loaded once for every rule. The rules see the types these
/// assemblies declare and, as stubs, every type they reference (AWS SDK, SQLite, ASP.NET Core, hosting).
/// </summary>
internal static class DealerArchitecture
{
    public static Assembly Ucan { get; } = typeof(Cid).Assembly;

    public static Assembly Store { get; } = typeof(IOfferStore).Assembly;

    /// <summary>The dealer executable; its types are internal, so it is loaded by its assembly name.</summary>
    public static Assembly Service { get; } = Assembly.Load(new AssemblyName("dealer"));

    public static ArchUnitNET.Domain.Architecture Loaded { get; } =
        new ArchLoader().LoadAssemblies(Ucan, Store, Service).Build();
}
