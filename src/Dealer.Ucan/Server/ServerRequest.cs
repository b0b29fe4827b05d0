namespace Dealer.Ucan.Server;

/// <summary>A transport-neutral UCAN-RPC request: the HTTP headers and the body (a CAR).</summary>
/// <param name="Headers">Request headers; names are matched case-insensitively (build the dictionary with
/// <see cref="StringComparer.OrdinalIgnoreCase"/> for speed).</param>
/// <param name="Body">The request body.</param>
public sealed record ServerRequest(IReadOnlyDictionary<string, string> Headers, ReadOnlyMemory<byte> Body);
