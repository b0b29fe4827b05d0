using ArchUnitNET.Domain;
using ArchUnitNET.Fluent;
using ArchUnitNET.Fluent.Syntax.Elements.Types;
using ArchUnitNET.NUnit;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace Dealer.Architecture.Tests;

/// <summary>
/// The dependency rules of docs/architecture.md: Service → Store → Ucan and never back; the store abstractions
/// know no backend; the backends know nothing of each other; handlers know nothing of how they are hosted.
/// </summary>
[TestFixture]
public sealed class LayerRules
{
    private static readonly ArchUnitNET.Domain.Architecture Dealer = DealerArchitecture.Loaded;

    // Referenced types outside the three assemblies are included (Types(true)), so a rule also sees a dependency on,
    // say, an AWS SDK type. Each set is checked to be non-empty below, so that no rule passes for want of targets.
    private static readonly IObjectProvider<IType> StoreAndService = InNamespaces("Dealer.Store", "Dealer.Service");
    private static readonly IObjectProvider<IType> AspNetAndHosting = InNamespaces("Microsoft.AspNetCore", "Microsoft.Extensions.Hosting");
    private static readonly IObjectProvider<IType> Aws = InNamespaces("Amazon");
    private static readonly IObjectProvider<IType> Sqlite = InNamespaces("Microsoft.Data.Sqlite", "SQLitePCL");
    private static readonly IObjectProvider<IType> EmbeddedBackend = InNamespaces("Dealer.Store.Embedded");
    private static readonly IObjectProvider<IType> AwsBackend = InNamespaces("Dealer.Store.Aws");
    private static readonly IObjectProvider<IType> ServiceHosting = InNamespaces(
        "Dealer.Service.Consumers", "Dealer.Service.Cron", "Dealer.Service.Hosting", "Dealer.Service.Http", "Dealer.Service.Cli");

    [Test]
    public void Every_forbidden_set_names_types_the_dealer_really_references()
    {
        Assert.Multiple(() =>
        {
            foreach (var (name, set) in new[]
                     {
                         ("store and service", StoreAndService), ("ASP.NET Core and hosting", AspNetAndHosting), ("AWS", Aws),
                         ("SQLite", Sqlite), ("embedded backend", EmbeddedBackend), ("AWS backend", AwsBackend),
                         ("service hosting", ServiceHosting),
                     })
            {
                Assert.That(set.GetObjects(Dealer), Is.Not.Empty, name);
            }
        });
    }

    [Test]
    public void Ucan_references_no_store_host_AspNet_Aws_or_Sqlite_type()
    {
        Types().That().ResideInAssembly(DealerArchitecture.Ucan)
            .Should().NotDependOnAny(StoreAndService)
            .AndShould().NotDependOnAny(AspNetAndHosting)
            .AndShould().NotDependOnAny(Aws)
            .AndShould().NotDependOnAny(Sqlite)
            .Check(Dealer);
    }

    [Test]
    public void Store_references_no_service_or_host_type()
    {
        Types().That().ResideInAssembly(DealerArchitecture.Store)
            .Should().NotDependOnAny(InNamespaces("Dealer.Service"))
            .AndShould().NotDependOnAny(AspNetAndHosting)
            .Check(Dealer);
    }

    [Test]
    public void Store_abstractions_reference_no_backend_Aws_or_Sqlite_type()
    {
        Types().That().ResideInNamespace("Dealer.Store.Abstractions")
            .Should().NotDependOnAny(EmbeddedBackend)
            .AndShould().NotDependOnAny(AwsBackend)
            .AndShould().NotDependOnAny(Aws)
            .AndShould().NotDependOnAny(Sqlite)
            .Check(Dealer);
    }

    [Test]
    public void Embedded_backend_references_nothing_of_the_Aws_backend()
    {
        Types().That().ResideInNamespace("Dealer.Store.Embedded")
            .Should().NotDependOnAny(AwsBackend)
            .AndShould().NotDependOnAny(Aws)
            .Check(Dealer);
    }

    [Test]
    public void Aws_backend_references_nothing_of_the_embedded_backend()
    {
        Types().That().ResideInNamespace("Dealer.Store.Aws")
            .Should().NotDependOnAny(EmbeddedBackend)
            .AndShould().NotDependOnAny(Sqlite)
            .Check(Dealer);
    }

    [Test]
    public void Handlers_and_capabilities_do_not_depend_on_consumers_cron_or_hosting()
    {
        Types().That().ResideInNamespace("Dealer.Service.Handlers").Or().ResideInNamespace("Dealer.Service.Capabilities")
            .Should().NotDependOnAny(ServiceHosting)
            .Check(Dealer);
    }

    [Test]
    public void Service_declares_no_public_type()
    {
        Types().That().ResideInAssembly(DealerArchitecture.Service).And().AreNotNested()
            .Should().NotBePublic()
            .Check(Dealer);
    }

    /// <summary>The types, declared or only referenced, in any of <paramref name="namespaces"/> or below.</summary>
    private static GivenTypesConjunctionWithDescription InNamespaces(params string[] namespaces)
    {
        var pattern = "^(" + string.Join("|", namespaces.Select(System.Text.RegularExpressions.Regex.Escape)) + @")(\..*)?$";
        return Types(true).That().ResideInNamespaceMatching(pattern).As(string.Join(", ", namespaces));
    }
}
