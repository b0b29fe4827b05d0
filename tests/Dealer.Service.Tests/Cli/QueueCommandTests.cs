using System.Text.Json;
using Dealer.Service.Tests.Support;
using Dealer.Store.Embedded;

namespace Dealer.Service.Tests.Cli;

/// <summary><c>dealer queue dead-letters</c> on the embedded store, run in-process.</summary>
public sealed class QueueCommandTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = TestDealer.NewDataDirectory();

    [TearDown]
    public void DeleteDirectory() => TestDealer.TryDelete(_directory);

    [Test]
    public async Task Dead_letter_is_counted_listed_and_redriven_back_to_a_consumer_with_a_fresh_receive_count()
    {
        await DeadLetterAsync("""{"aggregate":"bafkzcib"}""");

        var counted = await DealerCli.RunAsync("queue", "dead-letters", "--data-dir", _directory);
        var listed = await DealerCli.RunAsync("queue", "dead-letters", "--list", "--data-dir", _directory);
        var redriven = await DealerCli.RunAsync("queue", "dead-letters", "--redrive", "--max", "5", "--data-dir", _directory);
        var after = await DealerCli.RunAsync("queue", "dead-letters", "--data-dir", _directory);

        Assert.Multiple(() =>
        {
            Assert.That((counted.ExitCode, counted.Output.Trim()), Is.EqualTo((0, """{"count":1}""")), counted.Error);
            Assert.That((redriven.ExitCode, redriven.Output.Trim()), Is.EqualTo((0, """{"redriven":1}""")), redriven.Error);
            Assert.That((after.ExitCode, after.Output.Trim()), Is.EqualTo((0, """{"count":0}""")), after.Error);
            Assert.That(listed.ExitCode, Is.Zero, listed.Error);
        });
        var lines = listed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1));
        using var letter = JsonDocument.Parse(lines[0]);
        Assert.Multiple(() =>
        {
            Assert.That(letter.RootElement.GetProperty("body").GetString(), Is.EqualTo("""{"aggregate":"bafkzcib"}"""));
            Assert.That(letter.RootElement.GetProperty("receiveCount").GetInt32(), Is.EqualTo(1));
            Assert.That(letter.RootElement.GetProperty("id").GetString(), Is.Not.Empty);
            Assert.That(letter.RootElement.GetProperty("deadLetteredAt").GetString(), Is.Not.Null);
        });

        await using var stores = EmbeddedStores.Open(_directory);
        var received = await stores.Queue.ReceiveAsync(10, TimeSpan.Zero);
        Assert.That(received.Select(m => (m.Body, m.ReceiveCount)), Is.EqualTo(new[] { ("""{"aggregate":"bafkzcib"}""", 1) }));
    }

    [Test]
    public async Task List_and_redrive_together_or_a_max_below_one_are_usage_errors()
    {
        var both = await DealerCli.RunAsync("queue", "dead-letters", "--list", "--redrive", "--data-dir", _directory);
        var zero = await DealerCli.RunAsync("queue", "dead-letters", "--redrive", "--max", "0", "--data-dir", _directory);

        Assert.Multiple(() =>
        {
            Assert.That(both.ExitCode, Is.EqualTo(2));
            Assert.That(both.Error, Does.Contain("--list and --redrive"));
            Assert.That(zero.ExitCode, Is.EqualTo(2));
            Assert.That(zero.Error, Does.Contain("--max"));
        });
    }

    [Test]
    public async Task A_data_directory_that_cannot_be_opened_is_an_unreachable_store()
    {
        Directory.CreateDirectory(_directory);
        var notADirectory = Path.Combine(_directory, "file");
        await File.WriteAllTextAsync(notADirectory, "not a data directory");

        var result = await DealerCli.RunAsync("queue", "dead-letters", "--data-dir", notADirectory);

        Assert.That(result.ExitCode, Is.EqualTo(3));
        Assert.That(result.Output, Is.Empty);
    }

    /// <summary>Dead-letters a message the way the queue does: one receive allowed, the next one moves it.</summary>
    private async Task DeadLetterAsync(string body)
    {
        await using var stores = EmbeddedStores.Open(_directory, new EmbeddedStoreOptions { MaxReceives = 1 });
        await stores.Queue.EnqueueAsync(body);
        var message = (await stores.Queue.ReceiveAsync(1, TimeSpan.Zero)).Single();
        await stores.Queue.ReleaseAsync(message, TimeSpan.Zero);
        Assert.That(await stores.Queue.ReceiveAsync(1, TimeSpan.Zero), Is.Empty, "the second receive dead-letters it");
    }
}
