namespace Dealer.Ucan.Server;

/// <summary>A transport-neutral UCAN-RPC response for an HTTP adapter to write out as is.</summary>
/// <param name="Status">The HTTP status: 200, or 400/406/415 for requests that cannot be processed.</param>
/// <param name="Headers">Response headers (case-insensitive names).</param>
/// <param name="Body">The body: a CAR for 200, plain text otherwise.</param>
public sealed record ServerResponse(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body);
