using System.Text.Json.Serialization;

namespace Dealer.Store.Embedded;

/// <summary>Source-generated JSON for lists of strings in columns (the ledger's blamed pieces, lists of keys).</summary>
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class EmbeddedJson : JsonSerializerContext;
