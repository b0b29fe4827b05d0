using System.Net.Sockets;

namespace Dealer.Testing.Aws;

/// <summary>
/// The local AWS servers the AWS tests talk to (fauxqs for S3 and SQS, DynamoDB Local), started by
/// <c>scripts/aws-emulators.sh start</c>, which writes their endpoints into <c>artifacts/aws-emulators/env</c>.
/// Tests ask for them when they need them, so that a test that talks to no server runs without them; a test that
/// needs them and finds no server fails with <see cref="HowToStart"/>: AWS tests never skip.
/// </summary>
internal static class AwsEmulatorEndpoints
{
    public const string HowToStart =
        "The AWS tests need the local AWS servers: run scripts/aws-emulators.sh start && . artifacts/aws-emulators/env (scripts/test.sh does both)";

    private static readonly Lazy<string?> Unreachable = new(Probe);

    /// <summary>The S3 endpoint (<c>DEALER_AWS_ENDPOINT_S3</c>), checked to answer.</summary>
    public static Uri S3 => Require("DEALER_AWS_ENDPOINT_S3");

    /// <summary>The SQS endpoint (<c>DEALER_AWS_ENDPOINT_SQS</c>), checked to answer.</summary>
    public static Uri Sqs => Require("DEALER_AWS_ENDPOINT_SQS");

    /// <summary>The DynamoDB endpoint (<c>DEALER_AWS_ENDPOINT_DYNAMODB</c>), checked to answer.</summary>
    public static Uri DynamoDb => Require("DEALER_AWS_ENDPOINT_DYNAMODB");

    private static Uri Require(string variable)
    {
        var uri = Parse(variable);
        // Probed once per test run: every later test fails at once with the same message.
        if (Unreachable.Value is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        return uri;
    }

    private static Uri Parse(string variable)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException($"The environment variable {variable} is not set. {HowToStart}");
        }

        // Only loopback servers, ever: a test must not reach a real AWS account.
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || !uri.IsLoopback)
        {
            throw new InvalidOperationException($"The environment variable {variable} must be a loopback URL, got '{value}'. {HowToStart}");
        }

        return uri;
    }

    private static string? Probe()
    {
        foreach (var variable in new[] { "DEALER_AWS_ENDPOINT_S3", "DEALER_AWS_ENDPOINT_SQS", "DEALER_AWS_ENDPOINT_DYNAMODB" })
        {
            var endpoint = Parse(variable);
            using var client = new TcpClient();
            try
            {
                if (!client.ConnectAsync(endpoint.Host, endpoint.Port).Wait(TimeSpan.FromSeconds(10)))
                {
                    return $"No server answers at {endpoint} within 10 s. {HowToStart}";
                }
            }
            catch (AggregateException e) when (e.InnerException is SocketException socket)
            {
                return $"No server answers at {endpoint} ({socket.SocketErrorCode}). {HowToStart}";
            }
        }

        return null;
    }
}
