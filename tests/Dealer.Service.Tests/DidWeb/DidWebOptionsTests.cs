using System.CommandLine;
using Dealer.Service.Cli;
using Dealer.Service.Configuration;

namespace Dealer.Service.Tests.DidWeb;

/// <summary>The did:web flags of <c>dealer serve</c> and their <c>DEALER_*</c> variables.</summary>
public sealed class DidWebOptionsTests
{
    [Test]
    public void Defaults_resolve_did_web_from_public_addresses_only()
    {
        var options = Bind([], []);

        Assert.Multiple(() =>
        {
            Assert.That(options.Enabled, Is.True);
            Assert.That(options.AllowPrivateAddresses, Is.False);
            Assert.That(options.Timeout, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(options.MaxSize, Is.EqualTo(65536));
            Assert.That(options.CacheTtl, Is.EqualTo(TimeSpan.FromMinutes(5)));
            Assert.That(options.NegativeTtl, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(options.TrustedCertificateFile, Is.Null);
        });
    }

    [Test]
    public void Variables_set_every_setting_and_flags_win_over_them()
    {
        var ca = Path.GetTempFileName();
        try
        {
            var environment = new Dictionary<string, string>
            {
                ["DEALER_RESOLVE_DID_WEB"] = "false",
                ["DEALER_DID_WEB_TIMEOUT"] = "2",
                ["DEALER_DID_WEB_MAX_SIZE"] = "1000",
                ["DEALER_DID_WEB_CACHE_TTL"] = "60",
                ["DEALER_DID_WEB_NEGATIVE_TTL"] = "0",
                ["DEALER_DID_WEB_CA"] = ca,
                ["DEALER_DID_WEB_ALLOW_PRIVATE"] = "true",
            };

            var fromVariables = Bind([], environment);
            var withFlags = Bind(["--did-web-timeout", "7", "--did-web-max-size", "2000"], environment);

            Assert.Multiple(() =>
            {
                Assert.That(fromVariables.Enabled, Is.False);
                Assert.That(fromVariables.Timeout, Is.EqualTo(TimeSpan.FromSeconds(2)));
                Assert.That(fromVariables.MaxSize, Is.EqualTo(1000));
                Assert.That(fromVariables.CacheTtl, Is.EqualTo(TimeSpan.FromSeconds(60)));
                Assert.That(fromVariables.NegativeTtl, Is.EqualTo(TimeSpan.Zero));
                Assert.That(fromVariables.TrustedCertificateFile, Is.EqualTo(ca));
                Assert.That(fromVariables.AllowPrivateAddresses, Is.True);
                Assert.That(withFlags.Timeout, Is.EqualTo(TimeSpan.FromSeconds(7)));
                Assert.That(withFlags.MaxSize, Is.EqualTo(2000));
            });
            Assert.That(Bind(["--no-resolve-did-web", "--did-web-allow-private"], []), Is.EqualTo(new DidWebOptions { Enabled = false, AllowPrivateAddresses = true }));
        }
        finally
        {
            File.Delete(ca);
        }
    }

    [TestCase("--did-web-timeout", "0", "--did-web-timeout must be at least 1 second")]
    [TestCase("--did-web-timeout", "soon", "--did-web-timeout must be a non-negative integer")]
    [TestCase("--did-web-max-size", "0", "--did-web-max-size must be positive")]
    [TestCase("--did-web-ca", "/nonexistent/ca.pem", "--did-web-ca: '/nonexistent/ca.pem' does not exist")]
    public async Task Bad_values_stop_serve_with_a_usage_error(string flag, string value, string message)
    {
        var result = await Support.DealerCli.RunAsync("serve", "--listen", "http://127.0.0.1:0", "--data-dir",
            Support.TestDealer.NewDataDirectory(), flag, value);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Usage));
        Assert.That(result.Error, Does.Contain(message));
    }

    private static DidWebOptions Bind(string[] args, Dictionary<string, string> environment)
    {
        var interop = new InteropCliOptions();
        var command = new RootCommand();
        interop.Add(command);
        return interop.Bind(command.Parse(args), name => environment.GetValueOrDefault(name)).DidWeb;
    }
}
